import assert from 'node:assert/strict';
import { test } from 'node:test';

import { freePort, startEtcd, testEtcd, waitFor, withDeadline } from '../testing/index.js';
import { createEtcdClient, EtcdSession, EtcdUnavailableError, SessionLostError } from './index.js';

test('a session should keep its lease alive past the TTL and revoke() should delete its keys at once', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => client.close());
  await withDeadline(45_000, async (signal) => {
    const grantedAt = Date.now();
    const session = await EtcdSession.grant(client, { ttlSeconds: 2, signal });
    const key = `${etcd.prefix}session/a`;
    await session.put(key, 'v', { signal });

    // validUntil passes grant + 3 TTL only through keepalives sent after twice the original
    // TTL (so etcd's expiry sweep, which can lag 500 ms, would long have removed an unrenewed
    // lease); the key must still be there then.
    await waitFor(() => session.validUntil > grantedAt + 6_000, { timeoutMs: 15_000, signal, message: 'keepalives to extend the lease' });
    assert.equal(session.healthy, true);
    const kv = (await client.getAll().prefix(key).exec()).kvs[0];
    assert.equal(kv?.value.toString(), 'v', 'the key outlived the original TTL');
    assert.equal(kv?.lease, session.leaseId, 'the key is attached to the lease');

    await session.revoke();
    assert.equal(await client.get(key).string(), null, 'revoke deleted the key immediately');
    assert.equal(session.state, 'REVOKED');
    assert.equal(session.done.aborted, true);
    await assert.rejects(session.put(key, 'again'), { name: 'SessionClosedError' });
  }, 'session keepalive');
});

test('a session whose lease is revoked by another client should end with SessionLostError', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const operator = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    operator.close();
  });
  await withDeadline(45_000, async (signal) => {
    const session = await EtcdSession.grant(client, { ttlSeconds: 3, signal });
    await operator.leaseClient.leaseRevoke({ ID: session.leaseId });
    await waitFor(() => session.done.aborted, { timeoutMs: 15_000, signal, message: 'the session to notice the revoke' });
    const reason: unknown = session.done.reason;
    assert.ok(reason instanceof SessionLostError, String(reason));
    assert.equal(reason.reason, 'revoked-or-expired');
    assert.equal(reason.leaseId, session.leaseId);
    assert.equal(session.state, 'LOST');
    assert.equal(session.healthy, false);
    await assert.rejects(session.put(`${etcd.prefix}x`, 'y'), SessionLostError);
  }, 'session revoked elsewhere');
});

test('a session should report its lease lost within about a TTL once etcd stops answering', { timeout: 60_000 }, async (t) => {
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => client.close());
  await withDeadline(45_000, async (signal) => {
    const session = await EtcdSession.grant(client, { ttlSeconds: 2, signal });
    await etcd.halt();
    await waitFor(() => session.done.aborted, { timeoutMs: 15_000, signal, message: 'the loss to be noticed with etcd down' });
    const reason: unknown = session.done.reason;
    assert.ok(reason instanceof SessionLostError);
    assert.equal(reason.reason, 'keepalive-timeout');
    assert.equal(session.healthy, false);
  }, 'session with etcd down');
});

test('grant should fail with EtcdUnavailableError when nothing listens', { timeout: 30_000 }, async (t) => {
  const client = createEtcdClient({ endpoints: [`http://127.0.0.1:${await freePort()}`] });
  t.after(() => client.close());
  await withDeadline(20_000, async (signal) => {
    await assert.rejects(EtcdSession.grant(client, { ttlSeconds: 2, grantTimeoutMs: 1_000, signal }), EtcdUnavailableError);
  }, 'grant without etcd');
});

test('commit() should run a transaction on the session\'s lease, and end the session at once when etcd no longer knows the lease', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const operator = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    operator.close();
  });
  await withDeadline(45_000, async (signal) => {
    // A 30 s TTL: keepalives come every 10 s, so only commit() can notice the revoke in time.
    const session = await EtcdSession.grant(client, { ttlSeconds: 30, signal });
    const key = `${etcd.prefix}commit/a`;
    const createIfAbsent = () => session.client.if(key, 'Create', '==', 0).then(session.client.put(key).value('v').lease(session.leaseId));
    const first = await session.commit(createIfAbsent(), { signal });
    assert.equal(first.succeeded, true);
    assert.equal((await operator.get(key).exec()).kvs[0]?.lease, session.leaseId, 'the write carries the lease');
    const again = await session.commit(createIfAbsent(), { signal });
    assert.equal(again.succeeded, false, "the comparison's outcome is returned, not thrown");

    await operator.leaseClient.leaseRevoke({ ID: session.leaseId });
    await assert.rejects(session.commit(session.client.if(key, 'Create', '==', 0).then(session.client.put(key).value('w').lease(session.leaseId)), { signal }), SessionLostError);
    assert.equal(session.state, 'LOST');
    const reason: unknown = session.done.reason;
    assert.ok(reason instanceof SessionLostError && reason.reason === 'revoked-or-expired', String(reason));
  }, 'session commit');
});
