import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';

import type { Etcd3 } from 'etcd3';

import { createEtcdClient } from '../membership/index.js';
import { testEtcd, waitFor, withDeadline, type TestEtcd } from '../testing/index.js';
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

/** A candidate that records its terms; lead() holds until the term's signal aborts. */
function candidate(options: Omit<LeaderElectionOptions, 'lead' | 'name'>, leaders = { current: 0, max: 0 }) {
  const terms: LeadershipTerm[] = [];
  const ends: unknown[] = [];
  const election = new LeaderElection({
    name: ELECTION,
    ...options,
    lead: async (leaderSignal, term) => {
      terms.push(term);
      // Counted across candidates that share `leaders`: how many lead at once.
      leaders.current++;
      leaders.max = Math.max(leaders.max, leaders.current);
      await new Promise<void>((resolve) => leaderSignal.addEventListener('abort', () => resolve(), { once: true }));
      ends.push(leaderSignal.reason);
      leaders.current--;
    },
  });
  return {
    election,
    terms,
    ends,
  };
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
    assert.ok(term.key.startsWith(`${etcd.prefix}election/${ELECTION}/`), term.key);
    assert.equal(a.election.term, term);
    const stored = (await etcdClient.get(term.key).exec()).kvs[0];
    assert.equal(stored?.create_revision, term.createRevision);
    assert.equal(stored?.value.toString(), 'replica-a');
    assert.equal(await a.election.leader(), 'replica-a');
    assert.equal(await fencedWrite(etcdClient, term, `${etcd.prefix}fenced`, 'by a'), true);

    stop.abort();
    await running;
    assert.equal(a.election.state, 'STOPPED');
    assert.equal(a.election.isLeader, false);
    const end = a.ends[0];
    assert.ok(end instanceof LeadershipLostError && end.reason === 'stopped', String(end));
    // Resigned: the key is gone at once (the TTL is 30 s), and its fence no longer holds.
    assert.equal((await etcdClient.get(term.key).exec()).kvs.length, 0);
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

test('a leader whose key is deleted or whose lease is revoked should lose leadership at once and campaign again', { timeout: 60_000 }, async (t) => {
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
    assert.notEqual(second.createRevision, first.createRevision);
    assert.notEqual(second.leaseId, first.leaseId, 'a new campaign has a new lease');

    // The lease behind the second term is revoked (etcd deletes the key with it).
    await admin.leaseClient.leaseRevoke({ ID: second.leaseId });
    await waitFor(() => a.ends.length === 2, { signal, timeoutMs: 15_000, message: 'the second term to end' });
    const end2 = a.ends[1];
    assert.ok(end2 instanceof LeadershipLostError && ['campaign-failed', 'key-gone'].includes(end2.reason), String(end2));
    await waitFor(() => a.terms[2], { signal, timeoutMs: 15_000, message: 'a third term' });
    assert.equal(a.election.isLeader, true);
    stop.abort();
    await running;
  });
});

test('a leader that dies without resigning should be replaced once its lease expires', { timeout: 60_000 }, async (t) => {
  const { etcd, client } = await setup(t);
  const clientA = client('a');
  const clientB = client('b');
  await withDeadline(45_000, async (signal) => {
    const a = candidate({ client: clientA, namespace: etcd.prefix, identity: 'replica-a', ttlSeconds: 2 });
    const stopA = new AbortController();
    const runningA = a.election.start(AbortSignal.any([signal, stopA.signal]));
    const termA = await waitFor(() => a.terms[0], { signal, message: 'replica-a elected' });

    const b = candidate({ client: clientB, namespace: etcd.prefix, identity: 'replica-b', ttlSeconds: 2 });
    const stopB = new AbortController();
    const runningB = b.election.start(AbortSignal.any([signal, stopB.signal]));
    await waitFor(() => b.election.state === 'CAMPAIGNING', { signal, message: 'replica-b campaigning' });

    // replica-a "dies": its connection to etcd goes away, no resign, no more keepalives.
    clientA.close();
    const termB = await waitFor(() => b.terms[0], { signal, timeoutMs: 20_000, message: 'replica-b takes over after the TTL' });
    // replica-a noticed on its own that it can no longer be sure it leads.
    await waitFor(() => a.ends.length === 1, { signal, timeoutMs: 20_000, message: 'replica-a stepped down' });
    const end = a.ends[0];
    assert.ok(end instanceof LeadershipLostError && ['unconfirmed', 'campaign-failed'].includes(end.reason), String(end));
    assert.equal(await fencedWrite(clientB, termA, `${etcd.prefix}fenced`, 'stale'), false);
    assert.equal(await fencedWrite(clientB, termB, `${etcd.prefix}fenced`, 'fresh'), true);

    stopA.abort();
    stopB.abort();
    await Promise.all([runningA, runningB]);
  });
});
