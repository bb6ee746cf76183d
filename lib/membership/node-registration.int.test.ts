import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Etcd3 } from 'etcd3';

import { startEtcd, testEtcd, waitFor, withDeadline } from '../testing/index.js';
import {
  createEtcdClient,
  decodeNodeLoad,
  decodeRegisteredNode,
  loadKey,
  nodeKey,
  NodeRegistration,
  type NodeLoad,
  type NodeRegistrationOptions,
  type NodeRegistrationState,
  type RegisteredNode,
} from './index.js';

const NODE = { nodeId: 'hcm-1', region: 'HCM', address: '127.0.0.1:50061', capacity: 100, version: '0.1.0-test' } as const;

function registrationOptions(client: Etcd3, prefix: string, overrides: Partial<NodeRegistrationOptions> = {}): NodeRegistrationOptions {
  let inFlight = 0;
  return {
    client,
    prefix,
    node: NODE,
    // Every sample differs, so a changing report proves the reports keep coming.
    load: () => ({ inFlight: inFlight++, ratePerS: 12.5, p50Ms: 3, p99Ms: 20 }),
    ttlSeconds: 3,
    loadIntervalMs: 200,
    ...overrides,
  };
}

async function readNode(client: Etcd3, prefix: string): Promise<{ node: RegisteredNode; lease: string } | undefined> {
  const kv = (await client.getAll().prefix(nodeKey(prefix, NODE.nodeId)).exec()).kvs[0];
  return kv ? { node: decodeRegisteredNode(kv.value.toString()), lease: kv.lease } : undefined;
}

async function readLoad(client: Etcd3, prefix: string): Promise<{ load: NodeLoad; lease: string } | undefined> {
  const kv = (await client.getAll().prefix(loadKey(prefix, NODE.nodeId)).exec()).kvs[0];
  return kv ? { load: decodeNodeLoad(kv.value.toString()), lease: kv.lease } : undefined;
}

test('a registered node should appear under nodes/ and keep its load report fresh', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const reader = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    reader.close();
  });
  await withDeadline(45_000, async (signal) => {
    const states: NodeRegistrationState[] = [];
    const registration = new NodeRegistration(registrationOptions(client, etcd.prefix, { onStateChange: (s) => states.push(s) }));
    const running = registration.start(signal);

    const stored = await waitFor(() => readNode(reader, etcd.prefix), { timeoutMs: 15_000, signal, message: 'the registration to appear' });
    assert.deepEqual(stored.node, registration.node);
    assert.equal(stored.node.nodeId, NODE.nodeId);
    assert.equal(registration.healthy, true);
    assert.equal(stored.lease, registration.leaseId, 'the registration is attached to the lease');

    const first = await waitFor(() => readLoad(reader, etcd.prefix), { timeoutMs: 15_000, signal, message: 'a load report' });
    assert.equal(first.lease, registration.leaseId, 'the load report is attached to the lease');
    const later = await waitFor(
      async () => {
        const current = await readLoad(reader, etcd.prefix);
        return current && current.load.inFlight >= first.load.inFlight + 3 ? current : undefined;
      },
      { timeoutMs: 15_000, signal, message: 'three more load reports' },
    );
    assert.equal(later.load.ratePerS, 12.5);
    assert.ok(Date.parse(later.load.reportedAt) >= Date.parse(first.load.reportedAt));
    assert.deepEqual(states.slice(0, 2), ['REGISTERING', 'REGISTERED']);
    assert.equal(registration.state, 'REGISTERED');
    void running;
  }, 'registration and load');
});

test('a node stopped gracefully should disappear at once, not after its TTL', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const reader = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    reader.close();
  });
  await withDeadline(45_000, async (signal) => {
    // A 60 s TTL: expiry cannot explain the keys vanishing within this test.
    const registration = new NodeRegistration(registrationOptions(client, etcd.prefix, { ttlSeconds: 60 }));
    const stop = new AbortController();
    const running = registration.start(AbortSignal.any([signal, stop.signal]));
    await waitFor(async () => registration.healthy && (await readLoad(reader, etcd.prefix)) !== undefined, {
      timeoutMs: 15_000,
      signal,
      message: 'the node to register',
    });

    stop.abort();
    await running;
    assert.equal(registration.state, 'STOPPED');
    assert.equal(registration.healthy, false);
    // No waiting: revoke is done when start() resolves.
    assert.equal(await readNode(reader, etcd.prefix), undefined, 'registration removed');
    assert.equal(await readLoad(reader, etcd.prefix), undefined, 'load report removed');
  }, 'graceful stop');
});

test('a node whose lease is revoked by an operator should register again under a new lease', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const operator = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    operator.close();
  });
  await withDeadline(45_000, async (signal) => {
    const registration = new NodeRegistration(registrationOptions(client, etcd.prefix));
    const running = registration.start(signal);
    const firstLease = await waitFor(() => registration.leaseId, { timeoutMs: 15_000, signal, message: 'the first registration' });

    await operator.leaseClient.leaseRevoke({ ID: firstLease });

    const again = await waitFor(
      async () => {
        const stored = await readNode(operator, etcd.prefix);
        const load = await readLoad(operator, etcd.prefix);
        const lease = registration.leaseId;
        return lease && lease !== firstLease && stored?.lease === lease && load?.lease === lease ? { lease, stored } : undefined;
      },
      { timeoutMs: 20_000, signal, message: 'registration under a new lease' },
    );
    assert.notEqual(again.lease, firstLease);
    assert.deepEqual(again.stored.node, registration.node, 'the same registration, startedAt included');
    assert.equal(registration.healthy, true);
    void running;
  }, 're-registration');
});

test('a node should ride out an etcd outage without crashing and register again when etcd returns', { timeout: 90_000 }, async (t) => {
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const client = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  t.after(() => client.close());
  const prefix = '/ordermesh-test/outage/v1/';
  await withDeadline(75_000, async (signal) => {
    const states: NodeRegistrationState[] = [];
    const registration = new NodeRegistration(registrationOptions(client, prefix, { ttlSeconds: 2, onStateChange: (s) => states.push(s) }));
    let settled = false;
    const running = registration.start(signal).finally(() => (settled = true));
    const before = await waitFor(() => registration.leaseId, { timeoutMs: 15_000, signal, message: 'the first registration' });

    await etcd.halt();
    await waitFor(() => !registration.healthy, { timeoutMs: 15_000, signal, message: 'the node to notice the outage' });
    // Keep etcd down past two TTLs, long enough for etcd3's own loss report and for retries to
    // back off; the assertion is only that nothing crashed meanwhile.
    await waitFor(() => states.filter((s) => s === 'RETRYING').length >= 2, { timeoutMs: 20_000, signal, message: 'retries while etcd is down' });
    assert.equal(settled, false, 'start() keeps running while etcd is down');

    await etcd.restart();
    const reader = createEtcdClient({ endpoints: etcd.endpoints });
    try {
      const after = await waitFor(
        async () => {
          const stored = await readNode(reader, prefix);
          const lease = registration.leaseId;
          return registration.healthy && lease && stored?.lease === lease ? lease : undefined;
        },
        { timeoutMs: 30_000, signal, message: 'registration after etcd returns' },
      );
      assert.notEqual(after, before, 'registered under a new lease');
    } finally {
      reader.close();
    }
    void running;
  }, 'etcd outage');
});
