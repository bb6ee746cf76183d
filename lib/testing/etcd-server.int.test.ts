import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { Etcd3 } from 'etcd3';

import { EtcdBinaryNotFoundError, isProcessAlive, resolveEtcdBinary, startEtcd, waitFor, withDeadline } from './index.js';

function client(endpoints: string[]): Etcd3 {
  return new Etcd3({ hosts: endpoints, dialTimeout: 2_000 });
}

function deadline(ms = 3_000): { deadline: number } {
  return { deadline: Date.now() + ms };
}

test('startEtcd should answer on 127.0.0.1, keep data across restart and leave no process after stop', { timeout: 60_000 }, () =>
  withDeadline(50_000, async () => {
    const etcd = await startEtcd();
    try {
      assert.match(etcd.endpoints[0] ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      const before = client(etcd.endpoints);
      await before.put('/harness/k').value('v1').options(deadline()).exec();
      assert.equal(await before.get('/harness/k').options(deadline()).string(), 'v1');
      before.close();

      const firstPid = etcd.pid;
      await etcd.restart();
      assert.notEqual(etcd.pid, firstPid, 'restart runs a new process');
      assert.equal(isProcessAlive(firstPid), false, 'the old process is gone');
      assert.equal(etcd.running, true);

      const after = client(etcd.endpoints);
      assert.equal(await after.get('/harness/k').options(deadline()).string(), 'v1', 'data survives restart');
      after.close();
    } finally {
      await etcd.stop();
    }
    assert.equal(etcd.running, false);
    assert.equal(isProcessAlive(etcd.pid), false, 'no etcd process is left after stop');
    assert.equal(existsSync(etcd.dataDir), false, 'the data dir is removed');
  }, 'etcd start/restart/stop'),
);

test('an etcd stopped with halt() should refuse requests until restart() brings the same member back', { timeout: 60_000 }, () =>
  withDeadline(50_000, async () => {
    const etcd = await startEtcd();
    const etcdClient = client(etcd.endpoints);
    try {
      await etcdClient.put('/harness/halted').value('kept').options(deadline()).exec();
      await etcd.halt();
      assert.equal(etcd.running, false);
      await assert.rejects(etcdClient.get('/harness/halted').options(deadline(1_000)).string());
      await etcd.restart();
      // The client reconnects by itself to the same endpoint; its circuit breaker may need a moment.
      const value = await waitFor(() => etcdClient.get('/harness/halted').options(deadline(1_000)).string(), {
        timeoutMs: 15_000,
        message: 'etcd to answer after restart',
      });
      assert.equal(value, 'kept');
    } finally {
      etcdClient.close();
      await etcd.stop();
    }
  }, 'etcd halt/restart'),
);

test('an etcd killed with SIGKILL should restart on the same data dir', { timeout: 60_000 }, () =>
  withDeadline(50_000, async () => {
    const etcd = await startEtcd();
    try {
      const writer = client(etcd.endpoints);
      await writer.put('/harness/crash').value('durable').options(deadline()).exec();
      writer.close();
      const crashedPid = etcd.pid;
      etcd.kill();
      await waitFor(() => !etcd.running, { timeoutMs: 5_000, message: 'etcd to die' });
      assert.equal(isProcessAlive(crashedPid), false);
      await etcd.restart();
      const reader = client(etcd.endpoints);
      assert.equal(await reader.get('/harness/crash').options(deadline()).string(), 'durable');
      reader.close();
    } finally {
      await etcd.stop();
    }
  }, 'etcd crash/restart'),
);

test('resolveEtcdBinary should name apt-get install etcd-server when the binary is missing', () => {
  assert.throws(
    () => resolveEtcdBinary('/nonexistent/bin/etcd'),
    (error: unknown) =>
      error instanceof EtcdBinaryNotFoundError &&
      /apt-get install etcd-server/.test(error.message) &&
      error.searched.includes('/nonexistent/bin/etcd'),
  );
});
