import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';

import type { Etcd3 } from 'etcd3';

import { createEtcdClient, SessionLostError } from '../membership/index.js';
import { cuttableProxy, startEtcd, testEtcd, waitFor, withDeadline, type TestEtcd } from '../testing/index.js';
import { LeaderElection, LeadershipLostError, type LeaderElectionOptions, type LeadershipTerm } from './index.js';

const ELECTION = 'test-election';

async function setup(t: TestContext): Promise<{ etcd: TestEtcd; client: (name: string) => Etcd3 }> {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const clients: Etcd3[] = [];
  t.after(() => clients.forEach((c) => c.close()));
  return {
    etcd,
    client: () => {
      const c = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 2_000 });
      clients.push(c);
      return c;
    },
  };
}

/**
 * A candidate that records its terms; lead() holds until the term's signal aborts, or until
 * `returnFromLead()` makes it return while still leader (which resigns).
 */
function candidate(options: Omit<LeaderElectionOptions, 'lead' | 'name'>, leaders = { current: 0, max: 0 }) {
  const terms: LeadershipTerm[] = [];
  const ends: unknown[] = [];
  let returnNow: (() => void) | undefined;
  const election = new LeaderElection({
    name: ELECTION,
    ...options,
    lead: async (leaderSignal, term) => {
      terms.push(term);
      // Counted across candidates that share `leaders`: how many lead at once.
      leaders.current++;
      leaders.max = Math.max(leaders.max, leaders.current);
      await new Promise<void>((resolve) => {
        returnNow = resolve;
        leaderSignal.addEventListener('abort', () => resolve(), { once: true });
      });
      ends.push(leaderSignal.aborted ? leaderSignal.reason : 'returned');
      leaders.current--;
    },
  });
  return {
    election,
    terms,
    ends,
    returnFromLead: () => returnNow?.(),
  };
}

/** Starts `c` with its own stop; resolves once its first key is in etcd, so candidates queue in start order. */
async function startInOrder(etcdClient: Etcd3, prefix: string, c: ReturnType<typeof candidate>, signal: AbortSignal) {
  const before = (await etcdClient.getAll().prefix(prefix).keys()).length;
  const stop = new AbortController();
  const running = c.election.start(AbortSignal.any([signal, stop.signal]));
  await waitFor(async () => (await etcdClient.getAll().prefix(prefix).keys()).length > before, { signal, message: `${c.election.identity} to campaign` });
  return { stop, running };
}

/** Whether a write fenced by `term` commits now. */
async function fencedWrite(client: Etcd3, term: LeadershipTerm, key: string, value: string): Promise<boolean> {
  const result = await client.if(term.key, 'Create', '==', term.createRevision).then(client.put(key).value(value)).commit();
  return result.succeeded;
}

test('a lone candidate should lead with a term that fences writes, and resign on stop', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  const etcdClient = client('a');
  await withDeadline(45_000, async (signal) => {
    const a = candidate({ client: etcdClient, namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 30 });
    const stop = new AbortController();
    const running = a.election.start(AbortSignal.any([signal, stop.signal]));

    const term = await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });
    assert.equal(a.election.isLeader, true);
    assert.equal(a.election.state, 'LEADING');
    // etcd's Go client names the key by the session's lease id in hex.
    assert.equal(term.key, `${etcd.prefix}election/${ELECTION}/${BigInt(term.leaseId).toString(16)}`);
    assert.equal(a.election.term, term);
    const stored = (await etcdClient.get(term.key).exec()).kvs[0];
    assert.equal(stored?.create_revision, term.createRevision);
    assert.equal(stored?.value.toString(), 'replica-a');
    assert.equal(stored?.lease, term.leaseId, "the key lives on the session's lease");
    assert.equal(await a.election.leader(), 'replica-a');
    assert.equal(await fencedWrite(etcdClient, term, `${etcd.prefix}fenced`, 'by a'), true);

    stop.abort();
    await running;
    assert.equal(a.election.state, 'STOPPED');
    assert.equal(a.election.isLeader, false);
    const end = a.ends[0];
    assert.ok(end instanceof LeadershipLostError && end.reason === 'stopped', String(end));
    // The session was revoked: the key is gone at once (the TTL is 30 s), and its fence no longer holds.
    assert.equal((await etcdClient.get(term.key).exec()).kvs.length, 0);
    assert.equal((await etcdClient.leaseClient.leaseTimeToLive({ ID: term.leaseId })).TTL, '-1', 'the lease was revoked');
    assert.equal(await a.election.leader(), undefined);
    assert.equal(await fencedWrite(etcdClient, term, `${etcd.prefix}fenced`, 'by a, too late'), false);
    assert.equal(await etcdClient.get(`${etcd.prefix}fenced`).string(), 'by a');
  });
});

test('of two candidates exactly one should lead, and stopping it should hand over without waiting for the TTL', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  await withDeadline(45_000, async (signal) => {
    // A 30 s TTL: a handover within the waits below can only come from resigning.
    const leaders = { current: 0, max: 0 };
    const a = candidate({ client: client('a'), namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 30 }, leaders);
    const b = candidate({ client: client('b'), namespace: etcd.prefix, identity: 'replica-b', ttlSeconds: 30 }, leaders);
    const stopA = new AbortController();
    const stopB = new AbortController();
    const runningA = a.election.start(AbortSignal.any([signal, stopA.signal]));
    const runningB = b.election.start(AbortSignal.any([signal, stopB.signal]));

    await waitFor(() => a.terms.length + b.terms.length > 0, { signal, message: 'a leader' });
    const [first, second, stopFirst, runningFirst] = a.terms.length > 0 ? [a, b, stopA, runningA] : [b, a, stopB, runningB];
    assert.equal(first.terms.length, 1);
    assert.equal(second.terms.length, 0, 'the other candidate does not lead');
    assert.equal(second.election.isLeader, false);
    assert.equal(second.election.state, 'CAMPAIGNING');
    assert.equal(await second.election.leader(), first.election.identity, 'every replica can read who leads');
    const oldTerm = first.terms[0]!;

    stopFirst.abort();
    await runningFirst;
    const newTerm = await waitFor(() => second.terms[0], { signal, timeoutMs: 15_000, message: 'the other candidate takes over' });
    assert.equal(await second.election.leader(), second.election.identity);
    assert.equal(leaders.max, 1, 'never two leaders at once in a graceful handover');

    // The deposed leader's fence fails; the new one's holds.
    const etcdClient = client('check');
    assert.equal(await fencedWrite(etcdClient, oldTerm, `${etcd.prefix}fenced`, 'stale'), false);
    assert.equal(await fencedWrite(etcdClient, newTerm, `${etcd.prefix}fenced`, 'fresh'), true);

    stopA.abort();
    stopB.abort();
    await Promise.all([runningA, runningB]);
  });
});

test('a leader whose key is deleted should lose leadership at once and campaign again on the same session', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  const etcdClient = client('a');
  const admin = client('admin');
  await withDeadline(45_000, async (signal) => {
    const a = candidate({ client: etcdClient, namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 30 });
    const stop = new AbortController();
    const running = a.election.start(AbortSignal.any([signal, stop.signal]));
    const first = await waitFor(() => a.terms[0], { signal, message: 'first term' });

    // An operator deletes the election key: the lease is still alive, but the key is gone.
    await admin.delete().key(first.key).exec();
    await waitFor(() => a.ends.length === 1, { signal, timeoutMs: 15_000, message: 'the first term to end' });
    const end1 = a.ends[0];
    assert.ok(end1 instanceof LeadershipLostError && end1.reason === 'key-gone', String(end1));
    const second = await waitFor(() => a.terms[1], { signal, timeoutMs: 15_000, message: 'a second term' });
    assert.notEqual(second.createRevision, first.createRevision, 'the key was created again');
    assert.equal(second.leaseId, first.leaseId, 'the session outlives the key');
    assert.equal(await fencedWrite(admin, first, `${etcd.prefix}fenced`, 'stale'), false, 'the first term no longer fences');
    assert.equal(await fencedWrite(admin, second, `${etcd.prefix}fenced`, 'fresh'), true);
    stop.abort();
    await running;
  });
});

test("a leader whose session is lost (lease revoked) should stop leading, the follower should take over, and the old leader should queue again on a new session", { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  const admin = client('admin');
  await withDeadline(45_000, async (signal) => {
    // A 30 s TTL: only the revoke can end the term within the waits below.
    const leaders = { current: 0, max: 0 };
    const prefix = `${etcd.prefix}election/${ELECTION}/`;
    const a = candidate({ client: client('a'), namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 30 }, leaders);
    const b = candidate({ client: client('b'), namespace: etcd.prefix, identity: 'replica-b', ttlSeconds: 30 }, leaders);
    const runA = await startInOrder(admin, prefix, a, signal);
    const termA = await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });
    const runB = await startInOrder(admin, prefix, b, signal);

    await admin.leaseClient.leaseRevoke({ ID: termA.leaseId });
    const termB = await waitFor(() => b.terms[0], { signal, timeoutMs: 15_000, message: 'replica-b takes over' });
    await waitFor(() => a.ends.length === 1, { signal, message: "replica-a's term to end" });
    const end = a.ends[0];
    // Whichever etcd reports first: the key's delete (the revoke deletes it) or the lease's loss.
    assert.ok(end instanceof LeadershipLostError && ['session-lost', 'key-gone'].includes(end.reason), String(end));
    assert.equal(a.election.isLeader, false);
    assert.equal(await fencedWrite(admin, termA, `${etcd.prefix}fenced`, 'stale'), false);
    assert.equal(await fencedWrite(admin, termB, `${etcd.prefix}fenced`, 'fresh'), true);

    // replica-a campaigns again, on a new lease, behind replica-b.
    const keys = await waitFor(
      async () => {
        const kvs = (await admin.getAll().prefix(prefix).sort('Create', 'Ascend').exec()).kvs;
        return kvs.length === 2 ? kvs : undefined;
      },
      { signal, message: 'replica-a to queue again' },
    );
    assert.equal(keys[0]?.value.toString(), 'replica-b');
    assert.equal(keys[1]?.value.toString(), 'replica-a');
    assert.notEqual(keys[1]?.lease, termA.leaseId, 'a new session');
    assert.equal(a.election.state, 'CAMPAIGNING');
    assert.equal(leaders.max, 1);

    runA.stop.abort();
    runB.stop.abort();
    await Promise.all([runA.running, runB.running]);
  });
});

test('a leader that returns from lead() should resign and hand over to the next candidate, then queue behind it', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  const admin = client('admin');
  await withDeadline(45_000, async (signal) => {
    const leaders = { current: 0, max: 0 };
    const prefix = `${etcd.prefix}election/${ELECTION}/`;
    const a = candidate({ client: client('a'), namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 30 }, leaders);
    const b = candidate({ client: client('b'), namespace: etcd.prefix, identity: 'replica-b', ttlSeconds: 30 }, leaders);
    const runA = await startInOrder(admin, prefix, a, signal);
    const termA = await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });
    const runB = await startInOrder(admin, prefix, b, signal);

    a.returnFromLead();
    const termB = await waitFor(() => b.terms[0], { signal, timeoutMs: 15_000, message: 'replica-b takes over (30 s TTL: only a resign hands over this fast)' });
    assert.equal(a.ends[0], 'returned');
    assert.equal(await fencedWrite(admin, termA, `${etcd.prefix}fenced`, 'stale'), false, "the resigned term's fence fails");
    assert.equal(await fencedWrite(admin, termB, `${etcd.prefix}fenced`, 'fresh'), true);
    // Resigning deleted only the key: replica-a queues again on the same session, behind replica-b.
    await waitFor(() => a.election.state === 'CAMPAIGNING', { signal, message: 'replica-a campaigning again' });
    const keys = await waitFor(
      async () => {
        const kvs = (await admin.getAll().prefix(prefix).sort('Create', 'Ascend').exec()).kvs;
        return kvs.length === 2 ? kvs : undefined;
      },
      { signal, message: 'replica-a to queue again' },
    );
    assert.deepEqual(
      keys.map((kv) => kv.value.toString()),
      ['replica-b', 'replica-a'],
    );
    assert.equal(keys[1]?.lease, termA.leaseId, 'resigning keeps the session');
    assert.equal(await b.election.leader(), 'replica-b');
    assert.equal(leaders.max, 1);

    runA.stop.abort();
    runB.stop.abort();
    await Promise.all([runA.running, runB.running]);
  });
});

test('candidates should lead in the order they campaigned; one whose key is deleted while it waits should queue again at the back', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  const admin = client('admin');
  await withDeadline(45_000, async (signal) => {
    const leaders = { current: 0, max: 0 };
    const prefix = `${etcd.prefix}election/${ELECTION}/`;
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => candidate({ client: client(id), namespace: etcd.prefix, identity: `replica-${id}`, ttlSeconds: 30 }, leaders)) as [
      ReturnType<typeof candidate>,
      ReturnType<typeof candidate>,
      ReturnType<typeof candidate>,
      ReturnType<typeof candidate>,
    ];
    const runA = await startInOrder(admin, prefix, a, signal);
    await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });
    const runB = await startInOrder(admin, prefix, b, signal);
    const runC = await startInOrder(admin, prefix, c, signal);
    const runD = await startInOrder(admin, prefix, d, signal);

    // replica-b's key is deleted while it waits: it creates it again, now behind replica-d.
    const bKey = (await admin.getAll().prefix(prefix).sort('Create', 'Ascend').exec()).kvs[1];
    assert.equal(bKey?.value.toString(), 'replica-b');
    await admin.delete().key(bKey.key.toString()).exec();
    await waitFor(
      async () => {
        const kvs = (await admin.getAll().prefix(prefix).sort('Create', 'Ascend').exec()).kvs;
        return kvs.map((kv) => kv.value.toString()).join() === 'replica-a,replica-c,replica-d,replica-b';
      },
      { signal, message: 'replica-b to queue again at the back' },
    );

    const order: string[] = [];
    for (const [next, run] of [
      [c, runA],
      [d, runC],
      [b, runD],
    ] as const) {
      run.stop.abort();
      await run.running;
      await waitFor(() => next.terms[0], { signal, timeoutMs: 15_000, message: `${next.election.identity} to lead` });
      order.push(next.election.identity);
      for (const other of [a, b, c, d]) if (other !== next) assert.equal(other.election.isLeader, false, `${other.election.identity} does not lead`);
    }
    assert.deepEqual(order, ['replica-c', 'replica-d', 'replica-b']);
    assert.equal(leaders.max, 1, 'never two leaders at once');
    runB.stop.abort();
    await runB.running;
  });
});

test('a leader cut off from etcd should step down before its lease expires, and the follower should take over once it has', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  // replica-a talks to etcd through a proxy; cutting it is what a crash or a partition does to
  // its sockets: no resign, no more keepalives.
  const proxy = await cuttableProxy(etcd.endpoints[0]!);
  t.after(() => proxy.cut());
  const clientA = createEtcdClient({ endpoints: [proxy.endpoint], callTimeoutMs: 1_000 });
  t.after(() => clientA.close());
  const clientB = client('b');
  await withDeadline(45_000, async (signal) => {
    const leaders = { current: 0, max: 0 };
    const a = candidate({ client: clientA, namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 2 }, leaders);
    const stopA = new AbortController();
    const runningA = a.election.start(AbortSignal.any([signal, stopA.signal]));
    const termA = await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });

    const b = candidate({ client: clientB, namespace: etcd.prefix, identity: 'replica-b', ttlSeconds: 2 }, leaders);
    const stopB = new AbortController();
    const runningB = b.election.start(AbortSignal.any([signal, stopB.signal]));
    await waitFor(() => b.election.state === 'CAMPAIGNING', { signal, message: 'replica-b campaigning' });

    proxy.cut();
    const termB = await waitFor(() => b.terms[0], { signal, timeoutMs: 20_000, message: 'replica-b takes over after the TTL' });
    // replica-a noticed on its own, from its unacknowledged keepalives, that its lease may be
    // gone, and stopped acting before etcd let replica-b lead: never two leaders at once.
    assert.equal(a.ends.length, 1, 'replica-a stepped down first');
    assert.equal(leaders.max, 1);
    const end = a.ends[0];
    assert.ok(end instanceof LeadershipLostError && end.reason === 'session-lost', String(end));
    assert.ok(end.cause instanceof SessionLostError && end.cause.reason === 'keepalive-timeout', String(end.cause));
    assert.equal(await fencedWrite(clientB, termA, `${etcd.prefix}fenced`, 'stale'), false);
    assert.equal(await fencedWrite(clientB, termB, `${etcd.prefix}fenced`, 'fresh'), true);

    stopA.abort();
    stopB.abort();
    await Promise.all([runningA, runningB]);
  });
});

test('during an etcd outage longer than the TTL the leader should step down (session lost), and after it exactly one candidate should lead again', { timeout: 90_000 }, async (t) => {
  // A private etcd: this test stops it.
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const clients = ['a', 'b', 'admin'].map(() => createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 }));
  t.after(() => clients.forEach((c) => c.close()));
  const [clientA, clientB, admin] = clients as [Etcd3, Etcd3, Etcd3];
  await withDeadline(75_000, async (signal) => {
    const leaders = { current: 0, max: 0 };
    const namespace = '/outage/';
    const prefix = `${namespace}election/${ELECTION}/`;
    const a = candidate({ client: clientA, namespace, identity: 'replica-a', ttlSeconds: 2 }, leaders);
    const b = candidate({ client: clientB, namespace, identity: 'replica-b', ttlSeconds: 2 }, leaders);
    const runA = await startInOrder(admin, prefix, a, signal);
    const firstTerm = await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });
    const runB = await startInOrder(admin, prefix, b, signal);

    await etcd.halt();
    // It cannot keep its lease alive, so it stops acting rather than assume it still leads.
    await waitFor(() => a.ends.length === 1, { signal, timeoutMs: 15_000, message: 'the leader to step down' });
    const end = a.ends[0];
    assert.ok(end instanceof LeadershipLostError && end.reason === 'session-lost', String(end));
    assert.ok(end.cause instanceof SessionLostError && end.cause.reason === 'keepalive-timeout', String(end.cause));
    assert.equal(a.election.isLeader, false);

    await etcd.restart();
    const leader = await waitFor(() => [a, b].find((c) => c.election.isLeader), { signal, timeoutMs: 45_000, message: 'a leader after etcd returns' });
    const term = leader.election.term!;
    assert.notEqual(term.leaseId, firstTerm.leaseId, 'leading on a new session');
    assert.equal(await fencedWrite(admin, firstTerm, `${namespace}fenced`, 'stale'), false, 'the term before the outage no longer fences');
    assert.equal(await fencedWrite(admin, term, `${namespace}fenced`, 'fresh'), true);
    assert.equal(leaders.max, 1, 'never two leaders at once');
    // The lost sessions were revoked on the way: only the two new candidacies remain.
    await waitFor(async () => (await admin.getAll().prefix(prefix).keys()).length === 2, { signal, timeoutMs: 15_000, message: 'one key per candidate' });

    runA.stop.abort();
    runB.stop.abort();
    await Promise.all([runA.running, runB.running]);
  });
});
