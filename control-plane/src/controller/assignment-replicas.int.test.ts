import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';

import type { Etcd3 } from 'etcd3';

import type { LeadershipTerm } from '#lib/controller/index.js';
import { createEtcdClient, type RegisteredNode } from '#lib/membership/index.js';
import { DEFAULT_TOPOLOGY } from '#lib/orders/index.js';
import { cuttableProxy, testEtcd, waitFor, withDeadline, type TestEtcd } from '#lib/testing/index.js';
import {
  AssignmentController,
  AssignmentReconciler,
  GuardFailedError,
  publishAssignment,
  readAssignment,
  type ObservedInputs,
} from './index.js';
import { capturingLogger, fakeNodes, membersOf, storedAssignment, type FakeNodes } from './testing/fake-nodes.js';

interface Replica {
  readonly controller: AssignmentController;
  readonly lines: Array<Record<string, unknown>>;
  readonly stop: AbortController;
  readonly running: Promise<void>;
  /** Every term this replica led, captured while it led. */
  readonly terms: LeadershipTerm[];
}

async function setup(t: TestContext): Promise<{ etcd: TestEtcd; admin: Etcd3; nodes: FakeNodes; client: () => Etcd3 }> {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const clients: Etcd3[] = [];
  const client = (): Etcd3 => {
    const c = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 2_000 });
    clients.push(c);
    return c;
  };
  const admin = client();
  const nodes = fakeNodes(admin, etcd.prefix);
  t.after(async () => {
    await nodes.revokeAll();
    clients.forEach((c) => c.close());
  });
  return { etcd, admin, nodes, client };
}

function startReplica(client: Etcd3, prefix: string, identity: string, signal: AbortSignal): Replica {
  const { log, lines } = capturingLogger();
  const terms: LeadershipTerm[] = [];
  const controller = new AssignmentController({
    client,
    prefix,
    identity,
    electionTtlSeconds: 2,
    log,
    onStateChange: (state) => {
      if (state === 'LEADING' && controller.term) terms.push(controller.term);
    },
  });
  const stop = new AbortController();
  const running = controller.start(AbortSignal.any([signal, stop.signal]));
  return { controller, lines, stop, running, terms };
}

const publishes = (replica: Replica): unknown[] => replica.lines.filter((l) => l['msg'] === 'assignment published').map((l) => l['epoch']);

test('of two replicas exactly one should publish; stopping it should hand over, and a deposed leader cannot publish', { timeout: 120_000 }, async (t) => {
  const { etcd, admin, nodes, client } = await setup(t);
  const { prefix } = etcd;
  await withDeadline(100_000, async (signal) => {
    await nodes.register('hcm-1', 'HCM');
    const a = startReplica(client(), prefix, 'cp-a', signal);
    const b = startReplica(client(), prefix, 'cp-b', signal);

    const first = await waitFor(() => storedAssignment(admin, prefix), { signal, message: 'the first assignment' });
    assert.equal(first.epoch, 1);
    const [leader, follower] = first.leader === 'cp-a' ? [a, b] : [b, a];
    assert.equal(leader.controller.isLeader, true);
    assert.equal(follower.controller.isLeader, false);
    assert.equal(follower.controller.election.state, 'CAMPAIGNING');
    // The log line follows etcd's answer to the publish, which may come after our read.
    await waitFor(() => publishes(leader).length > 0, { signal, message: "the leader's publish logged" });
    assert.deepEqual(publishes(leader), [1]);
    assert.deepEqual(publishes(follower), [], 'the follower publishes nothing');
    assert.equal(await follower.controller.leader(), leader.controller.identity, "the follower can tell who leads (admin API's leader field)");
    const oldTerm = leader.terms[0];
    assert.ok(oldTerm, 'the leader recorded its term');

    // The leader stops (graceful: it resigns); the follower takes over and publishes the next change.
    leader.stop.abort();
    await leader.running;
    await waitFor(() => follower.controller.isLeader, { signal, timeoutMs: 15_000, message: 'the follower takes over' });
    await nodes.register('hn-1', 'HN');
    const second = await waitFor(async () => {
      const s = await storedAssignment(admin, prefix);
      return s && s.epoch >= 2 ? s : undefined;
    }, { signal, message: 'epoch 2 from the new leader' });
    assert.equal(second.epoch, 2);
    assert.equal(second.leader, follower.controller.identity);
    assert.deepEqual(membersOf(second), { HCM: ['hcm-1'], HN: ['hn-1'], DN: [] });
    await waitFor(() => publishes(follower).length > 0, { signal, message: "the new leader's publish logged" });
    assert.deepEqual(publishes(follower), [2]);
    assert.equal(await follower.controller.leader(), follower.controller.identity);

    // A deposed leader's late publish is refused by the fence, even with the current revision.
    const current = await readAssignment(admin, prefix);
    const stale = { ...second, epoch: 99, leader: leader.controller.identity, regions: second.regions.map((r) => ({ ...r, members: [] })) };
    const byDeposed = await publishAssignment(admin, { prefix, assignment: stale, expectedModRevision: current.modRevision, leader: oldTerm });
    assert.deepEqual(byDeposed, { published: false });
    // The current leader's write with a stale mod revision is refused too.
    const newTerm = follower.controller.term;
    assert.ok(newTerm);
    const staleRevision = (BigInt(current.modRevision) - 1n).toString();
    const byStaleRead = await publishAssignment(admin, { prefix, assignment: stale, expectedModRevision: staleRevision, leader: newTerm });
    assert.deepEqual(byStaleRead, { published: false });
    // A deposed leader's reconcile in flight fails its guard and writes nothing.
    const inputs: ObservedInputs = {
      synced: () => true,
      nodes: () => new Map<string, RegisteredNode>(),
      topology: () => ({ valid: true, topology: DEFAULT_TOPOLOGY }),
      drains: () => new Set(),
    };
    const deposed = new AssignmentReconciler({ client: admin, prefix, inputs, fence: oldTerm, identity: leader.controller.identity });
    await assert.rejects(deposed.reconcile('assignment', signal), GuardFailedError);

    const after = await readAssignment(admin, prefix);
    assert.equal(after.modRevision, current.modRevision, 'nothing was written');
    assert.equal(after.assignment?.epoch, 2);
    assert.deepEqual(membersOf(after.assignment), { HCM: ['hcm-1'], HN: ['hn-1'], DN: [] });

    follower.stop.abort();
    await follower.running;
  });
});

test('a leader that dies without resigning should be replaced once its lease expires, and the new leader should publish', { timeout: 120_000 }, async (t) => {
  const { etcd, admin, nodes, client } = await setup(t);
  const { prefix } = etcd;
  await withDeadline(100_000, async (signal) => {
    await nodes.register('hcm-1', 'HCM');
    // cp-a talks to etcd through a proxy: cutting it is what a kill -9 does to its sockets.
    const proxy = await cuttableProxy(etcd.endpoints[0]!);
    t.after(() => proxy.cut());
    const clientA = createEtcdClient({ endpoints: [proxy.endpoint], callTimeoutMs: 2_000 });
    t.after(() => clientA.close());
    const a = startReplica(clientA, prefix, 'cp-a', signal);
    await waitFor(async () => (await storedAssignment(admin, prefix))?.leader === 'cp-a', { signal, message: 'cp-a publishes epoch 1' });
    await waitFor(() => publishes(a).length > 0, { signal, message: "cp-a's publish logged" });
    const b = startReplica(client(), prefix, 'cp-b', signal);
    await waitFor(() => b.controller.election.state === 'CAMPAIGNING', { signal, message: 'cp-b campaigning' });

    // cp-a "dies": its etcd connections go away without a resign; its lease (2 s TTL) expires.
    proxy.cut();
    await waitFor(() => b.controller.isLeader, { signal, timeoutMs: 20_000, message: 'cp-b takes over' });
    await nodes.register('dn-1', 'DN');
    const next = await waitFor(async () => {
      const s = await storedAssignment(admin, prefix);
      return s && s.epoch >= 2 ? s : undefined;
    }, { signal, message: 'epoch 2 from cp-b' });
    assert.equal(next.epoch, 2);
    assert.equal(next.leader, 'cp-b');
    assert.deepEqual(membersOf(next), { HCM: ['hcm-1'], HN: [], DN: ['dn-1'] });
    // cp-a noticed on its own that it no longer leads, and published nothing after epoch 1.
    await waitFor(() => !a.controller.isLeader, { signal, message: 'cp-a stepped down' });
    assert.deepEqual(publishes(a), [1]);

    a.stop.abort();
    b.stop.abort();
    await Promise.all([a.running, b.running]);
  });
});
