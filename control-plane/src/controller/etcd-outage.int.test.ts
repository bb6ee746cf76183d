import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createEtcdClient } from '#lib/membership/index.js';
import { startEtcd, waitFor, withDeadline } from '#lib/testing/index.js';
import { AssignmentController } from './index.js';
import { fakeNodes, membersOf, storedAssignment } from './testing/fake-nodes.js';

test('a leader should step down during an etcd outage longer than its TTL, and lead and publish again when etcd returns', { timeout: 120_000 }, async (t) => {
  // A private etcd: this test stops it.
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const client = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  const admin = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  const prefix = '/ordermesh-test/controller-outage/v1/';
  const nodes = fakeNodes(admin, prefix);
  t.after(async () => {
    await nodes.revokeAll();
    client.close();
    admin.close();
  });
  await withDeadline(100_000, async (signal) => {
    await nodes.register('hcm-1', 'HCM');
    const controller = new AssignmentController({ client, prefix, identity: 'cp-1', electionTtlSeconds: 2 });
    const stop = new AbortController();
    const running = controller.start(AbortSignal.any([signal, stop.signal]));
    const first = await waitFor(() => storedAssignment(admin, prefix), { signal, timeoutMs: 15_000, message: 'epoch 1' });
    assert.equal(first.epoch, 1);

    await etcd.halt();
    // It cannot confirm its leadership, so it stops acting rather than assume it still leads.
    await waitFor(() => !controller.isLeader, { signal, timeoutMs: 15_000, message: 'the leader to step down' });

    await etcd.restart();
    await waitFor(() => controller.isLeader, { signal, timeoutMs: 45_000, message: 'leadership regained after etcd returns' });
    await nodes.register('hn-1', 'HN');
    const next = await waitFor(
      async () => {
        const a = await storedAssignment(admin, prefix).catch(() => undefined);
        return a && a.epoch >= 2 ? a : undefined;
      },
      { signal, timeoutMs: 30_000, message: 'epoch 2 after the outage' },
    );
    assert.equal(next.epoch, 2);
    assert.deepEqual(membersOf(next), { HCM: ['hcm-1'], HN: ['hn-1'], DN: [] });

    stop.abort();
    await running;
  });
});
