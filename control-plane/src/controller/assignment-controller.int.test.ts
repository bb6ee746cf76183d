import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assignmentKey, createEtcdClient, drainKey, topologyKey } from '#lib/membership/index.js';
import { DEFAULT_TOPOLOGY } from '#lib/orders/index.js';
import { testEtcd, waitFor, withDeadline } from '#lib/testing/index.js';
import { AssignmentController, decodeStoredTopology, encodeTopology } from './index.js';
import { capturingLogger, fakeNodes, membersOf, storedAssignment } from './testing/fake-nodes.js';

test('the controller should publish the assignment and follow joins, lease loss, drains and topology changes', { timeout: 120_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const admin = createEtcdClient({ endpoints: etcd.endpoints });
  const { prefix } = etcd;
  const nodes = fakeNodes(admin, prefix);
  t.after(async () => {
    await nodes.revokeAll();
    client.close();
    admin.close();
  });

  await withDeadline(100_000, async (signal) => {
    const hcm1 = await nodes.register('hcm-1', 'HCM');
    const hn1 = await nodes.register('hn-1', 'HN');
    const { log, lines } = capturingLogger();
    const controller = new AssignmentController({ client, prefix, identity: 'cp-1', electionTtlSeconds: 2, log });
    const stop = new AbortController();
    const running = controller.start(AbortSignal.any([signal, stop.signal]));

    // 1. First publish: epoch 1 with every registered node; the default topology is stored.
    const first = await waitFor(() => storedAssignment(admin, prefix), { signal, message: 'the first assignment' });
    assert.equal(first.epoch, 1);
    assert.equal(first.leader, 'cp-1');
    assert.deepEqual(membersOf(first), { HCM: ['hcm-1'], HN: ['hn-1'], DN: [] });
    assert.deepEqual(
      first.regions.map((r) => r.failover),
      [
        ['DN', 'HN'],
        ['DN', 'HCM'],
        ['HCM', 'HN'],
      ],
    );
    assert.deepEqual(
      first.nodes.map((n) => [n.nodeId, n.state, n.ringShare, n.address]),
      [
        ['hcm-1', 'ACTIVE', 1, hcm1.node.address],
        ['hn-1', 'ACTIVE', 1, hn1.node.address],
      ],
    );
    const storedTopology = await admin.get(topologyKey(prefix)).string();
    assert.ok(storedTopology !== null, 'the default topology is written so it can be edited');
    assert.deepEqual(decodeStoredTopology(storedTopology), { valid: true, topology: DEFAULT_TOPOLOGY });
    assert.equal(controller.isLeader, true);
    // The log line follows etcd's answer to the publish, which may come after our read.
    const published = await waitFor(() => lines.find((l) => l['msg'] === 'assignment published'), { signal, message: 'the publish logged' });
    assert.equal(published?.['epoch'], 1);
    assert.equal(published?.['level'], 30, 'logged at info');
    assert.equal(controller.lastPublished?.epoch, 1);

    // 2. A node joins: epoch 2 includes it.
    await nodes.register('hcm-2', 'HCM');
    const joined = await waitFor(async () => {
      const a = await storedAssignment(admin, prefix);
      return a && a.epoch >= 2 ? a : undefined;
    }, { signal, message: 'epoch 2' });
    assert.equal(joined.epoch, 2);
    assert.deepEqual(membersOf(joined), { HCM: ['hcm-1', 'hcm-2'], HN: ['hn-1'], DN: [] });
    const shares = joined.nodes.filter((n) => n.region === 'HCM').map((n) => n.ringShare);
    assert.ok(shares.every((s) => s > 0 && s < 1), `two members split the HCM ring: ${shares}`);

    // 3. A node's lease is revoked: the next epoch drops it.
    await hn1.revoke();
    const left = await waitFor(async () => {
      const a = await storedAssignment(admin, prefix);
      return a && a.epoch >= 3 ? a : undefined;
    }, { signal, message: 'epoch 3' });
    assert.equal(left.epoch, 3);
    assert.deepEqual(membersOf(left), { HCM: ['hcm-1', 'hcm-2'], HN: [], DN: [] });
    assert.ok(!left.nodes.some((n) => n.nodeId === 'hn-1'));

    // 4. A drain request: the node is DRAINING and out of the members.
    await admin.put(drainKey(prefix, 'hcm-1')).value(JSON.stringify({ requestedAt: new Date().toISOString() })).exec();
    const drained = await waitFor(async () => {
      const a = await storedAssignment(admin, prefix);
      return a && a.epoch >= 4 ? a : undefined;
    }, { signal, message: 'epoch 4' });
    assert.equal(drained.epoch, 4);
    assert.deepEqual(membersOf(drained), { HCM: ['hcm-2'], HN: [], DN: [] });
    assert.deepEqual(
      drained.nodes.map((n) => [n.nodeId, n.state, n.ringShare]),
      [
        ['hcm-1', 'DRAINING', 0],
        ['hcm-2', 'ACTIVE', 1],
      ],
    );

    // 5. The topology changes: the failover lists follow.
    const topology = { regions: ['HCM', 'HN', 'DN'], failover: { HCM: ['HN', 'DN'], HN: ['HCM', 'DN'], DN: ['HN', 'HCM'] } };
    await admin.put(topologyKey(prefix)).value(encodeTopology(topology)).exec();
    const refailed = await waitFor(async () => {
      const a = await storedAssignment(admin, prefix);
      return a && a.epoch >= 5 ? a : undefined;
    }, { signal, message: 'epoch 5' });
    assert.equal(refailed.epoch, 5);
    assert.deepEqual(
      refailed.regions.map((r) => [r.region, r.failover]),
      [
        ['HCM', ['HN', 'DN']],
        ['HN', ['HCM', 'DN']],
        ['DN', ['HN', 'HCM']],
      ],
    );

    // 6. Drain requests of nodes that are not registered are removed; the drained node leaving
    //    takes its drain request with it.
    await admin.put(drainKey(prefix, 'ghost-1')).value('{}').exec();
    await waitFor(async () => (await admin.get(drainKey(prefix, 'ghost-1')).string()) === null, { signal, message: 'the ghost drain request removed' });
    await hcm1.revoke();
    await waitFor(async () => (await admin.get(drainKey(prefix, 'hcm-1')).string()) === null, { signal, message: "hcm-1's drain request removed" });
    const afterLeave = await waitFor(async () => {
      const a = await storedAssignment(admin, prefix);
      return a && a.epoch >= 6 ? a : undefined;
    }, { signal, message: 'epoch 6' });
    assert.equal(afterLeave.epoch, 6);
    assert.deepEqual(
      afterLeave.nodes.map((n) => n.nodeId),
      ['hcm-2'],
    );

    // 7. An invalid topology: routed by the default, and the operator's value is left alone.
    await admin.put(topologyKey(prefix)).value('{"regions": "oops"}').exec();
    const defaulted = await waitFor(async () => {
      const a = await storedAssignment(admin, prefix);
      return a && a.epoch >= 7 ? a : undefined;
    }, { signal, message: 'epoch 7' });
    assert.equal(defaulted.epoch, 7);
    assert.deepEqual(
      defaulted.regions.map((r) => r.failover),
      DEFAULT_TOPOLOGY.regions.map((r) => DEFAULT_TOPOLOGY.failover[r]),
    );
    assert.equal(await admin.get(topologyKey(prefix)).string(), '{"regions": "oops"}');
    assert.ok(lines.some((l) => l['msg'] === 'stored topology is invalid; routing by the default topology'));

    // 8. The assignment is deleted behind the leader's back: it is put back, and its epoch
    //    does not go backwards.
    await admin.delete().key(assignmentKey(prefix)).exec();
    const restored = await waitFor(() => storedAssignment(admin, prefix), { signal, message: 'the assignment restored' });
    assert.equal(restored.epoch, 8);
    assert.deepEqual(membersOf(restored), { HCM: ['hcm-2'], HN: [], DN: [] });
    await waitFor(() => controller.lastPublished?.epoch === 8, { signal, message: 'epoch 8 acknowledged' });

    stop.abort();
    await running;
    assert.equal(controller.isLeader, false);
    // Every publish was logged once, with its epoch.
    assert.deepEqual(
      lines.filter((l) => l['msg'] === 'assignment published').map((l) => l['epoch']),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });
});

test('a controller started on an empty keyspace should publish an assignment with empty regions', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => client.close());
  await withDeadline(45_000, async (signal) => {
    const controller = new AssignmentController({ client, prefix: etcd.prefix, identity: 'cp-1' });
    const stop = new AbortController();
    const running = controller.start(AbortSignal.any([signal, stop.signal]));
    const first = await waitFor(() => storedAssignment(client, etcd.prefix), { signal, message: 'the first assignment' });
    assert.equal(first.epoch, 1);
    assert.deepEqual(membersOf(first), { HCM: [], HN: [], DN: [] });
    assert.deepEqual(first.nodes, []);
    assert.equal(await controller.leader(), 'cp-1');
    stop.abort();
    await running;
    assert.equal(await controller.leader(), undefined, 'resigned on stop');
  });
});
