import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignmentKey, createEtcdClient, loadKey } from '#lib/membership/index.js';
import type { Router } from '#lib/routing/index.js';
import { testEtcd, waitFor, withDeadline } from '#lib/testing/index.js';
import { AssignmentSource } from '#lib/routing/index.js';
import { putAssignment, testAssignment } from './testing/test-gateway.js';

const nodes = [
  { nodeId: 'hcm-1', region: 'HCM', address: '127.0.0.1:50061' },
  { nodeId: 'hn-1', region: 'HN', address: '127.0.0.1:50062' },
];

test('should serve the latest assignment, report each change once, and keep the last one when the key goes bad', { timeout: 30_000 }, async (t) => {
  const etcd = await testEtcd();
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(async () => {
    client.close();
    await etcd.cleanup();
  });
  await withDeadline(25_000, async (signal) => {
    const source = new AssignmentSource({ client, prefix: etcd.prefix });
    const changes: Router[] = [];
    source.onChange((router) => changes.push(router));
    const running = source.start(signal);
    running.catch(() => undefined);
    // Read through functions: asserting a getter undefined would narrow it for the whole test.
    const router = () => source.router;
    const topology = () => source.topology;
    assert.equal(router(), undefined);
    assert.equal(topology(), undefined);

    const ready = source.whenReady(signal);
    await putAssignment(client, etcd.prefix, testAssignment(nodes, { epoch: 1 }));
    assert.equal((await ready).epoch, 1);
    assert.deepEqual(topology()?.regions, ['HCM', 'HN', 'DN']);
    assert.deepEqual(topology()?.failover.HCM, ['DN', 'HN']);
    assert.equal(router()?.owner('HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB')?.nodeId, 'hcm-1');

    // A key that only starts with the assignment key is not the assignment.
    await client.put(`${assignmentKey(etcd.prefix)}-history`).value('not json').exec();
    await putAssignment(client, etcd.prefix, testAssignment(nodes.slice(1), { epoch: 2 }));
    await waitFor(() => source.epoch === 2, { signal, message: 'epoch 2' });
    // HCM has no member now: its orders go to its first failover region with one (DN has none, HN has).
    assert.equal(router()?.owner('HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB')?.nodeId, 'hn-1');

    // Malformed, then deleted: routing stays on epoch 2.
    await client.put(assignmentKey(etcd.prefix)).value('{"epoch": "three"}').exec();
    await client.delete().key(assignmentKey(etcd.prefix)).exec();
    // A later write under the watched prefix: once the source has seen it, it has seen both.
    const marker = await client.put(`${assignmentKey(etcd.prefix)}-marker`).value('x').exec();
    await waitFor(() => BigInt(source.revision ?? '0') >= BigInt(marker.header.revision), { signal, message: 'the watcher to catch up' });
    assert.equal(source.epoch, 2, 'the last good assignment stays');
    assert.ok(router(), 'and still routes');

    await putAssignment(client, etcd.prefix, testAssignment(nodes, { epoch: 3 }));
    await waitFor(() => source.epoch === 3, { signal, message: 'epoch 3' });
    assert.deepEqual(
      changes.map((r) => r.epoch),
      [1, 2, 3],
      'each new assignment reported once',
    );
  }, 'assignment source');
});

test('should report in-flight load per node, and no load once a report is stale', { timeout: 30_000 }, async (t) => {
  const etcd = await testEtcd();
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(async () => {
    client.close();
    await etcd.cleanup();
  });
  await withDeadline(25_000, async (signal) => {
    const source = new AssignmentSource({ client, prefix: etcd.prefix, loadStaleAfterMs: 1_000 });
    const running = source.start(signal);
    running.catch(() => undefined);
    const report = (inFlight: number) => JSON.stringify({ inFlight, ratePerS: 1, p50Ms: 1, p99Ms: 2, reportedAt: new Date().toISOString() });
    await client.put(loadKey(etcd.prefix, 'hcm-1')).value(report(7)).exec();
    await waitFor(() => source.loadOf('hcm-1') === 7, { signal, message: 'the load report' });
    assert.equal(source.loadOf('hn-1'), 0, 'a node without a report has no load');
    assert.equal(source.loads().get('hcm-1')?.inFlight, 7);
    // The reporter stops: after loadStaleAfterMs the report no longer counts.
    await waitFor(() => source.loadOf('hcm-1') === 0, { signal, message: 'the report to go stale' });
    assert.equal(source.loads().get('hcm-1')?.inFlight, 7, 'the report itself is still there');
    // A fresh report counts again.
    await client.put(loadKey(etcd.prefix, 'hcm-1')).value(report(3)).exec();
    await waitFor(() => source.loadOf('hcm-1') === 3, { signal, message: 'the fresh report' });
  }, 'load view');
});
