import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startEtcd, waitFor, withDeadline } from '../testing/index.js';
import { sleep } from '../runtime/index.js';
import { createEtcdClient, nodeKey, NodeRegistration, watchNodes, type NodeRegistrationState } from './index.js';

const OUTAGE_MS = 10_000;

test('a node and a watcher should ride out a 10 s etcd outage and converge when etcd returns', { timeout: 120_000 }, async (t) => {
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const nodeClient = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  const routerClient = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  t.after(() => {
    nodeClient.close();
    routerClient.close();
  });
  const prefix = '/ordermesh-test/outage-10s/v1/';
  await withDeadline(100_000, async (signal) => {
    const states: NodeRegistrationState[] = [];
    const registration = new NodeRegistration({
      client: nodeClient,
      prefix,
      node: { nodeId: 'hn-1', region: 'HN', address: '127.0.0.1:50062', capacity: 50, version: '0.1.0-test' },
      load: () => ({ inFlight: 1, ratePerS: 1, p50Ms: 1, p99Ms: 2 }),
      ttlSeconds: 2,
      loadIntervalMs: 250,
      onStateChange: (state) => states.push(state),
    });
    let settled = false;
    const registering = registration.start(signal).finally(() => (settled = true));
    const watcher = watchNodes({ client: routerClient, prefix, onChange: () => undefined });
    const watching = watcher.start(signal);
    const firstLease = await waitFor(() => registration.leaseId, { timeoutMs: 15_000, signal, message: 'registration' });
    await waitFor(() => watcher.snapshot().has('hn-1'), { timeoutMs: 15_000, signal, message: 'the router to see the node' });

    await etcd.halt();
    await sleep(OUTAGE_MS, signal);
    assert.equal(settled, false, 'registration keeps running through the outage');
    assert.equal(registration.healthy, false, 'the node knows it is not advertised');
    assert.ok(watcher.snapshot().has('hn-1'), 'the router keeps the last snapshot (static stability)');

    await etcd.restart();
    const newLease = await waitFor(
      () => (registration.healthy && registration.leaseId !== firstLease ? registration.leaseId : undefined),
      { timeoutMs: 30_000, signal, message: 'registration under a new lease' },
    );
    await waitFor(() => watcher.state === 'WATCHING' && watcher.snapshot().get('hn-1')?.address === '127.0.0.1:50062', {
      timeoutMs: 30_000,
      signal,
      message: 'the router to watch again',
    });

    // etcd extends every lease when it restarts, so the old lease lives on for a TTL. The keys
    // must have moved to the new lease, or they would vanish when the old one expires.
    await waitFor(async () => (await routerClient.leaseClient.leaseTimeToLive({ ID: firstLease })).TTL === '-1', {
      timeoutMs: 15_000,
      signal,
      message: 'the old lease to expire',
    });
    const kv = (await routerClient.getAll().prefix(nodeKey(prefix, 'hn-1')).exec()).kvs[0];
    assert.equal(kv?.lease, newLease, 'the registration lives under the new lease');
    assert.ok(watcher.snapshot().has('hn-1'), 'the router still sees the node after the old lease expired');
    assert.ok(states.includes('RETRYING'));
    void registering;
    void watching;
  }, '10 s etcd outage');
});
