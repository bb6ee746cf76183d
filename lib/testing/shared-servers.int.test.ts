import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Etcd3 } from 'etcd3';
import postgres from 'postgres';

import { testDatabase, testEtcd, withDeadline } from './index.js';

test('testEtcd should give each caller its own prefix and cleanup should delete only that prefix', { timeout: 60_000 }, () =>
  withDeadline(50_000, async () => {
    const [a, b] = await Promise.all([testEtcd(), testEtcd()]);
    assert.ok(a && b);
    const client = new Etcd3({ hosts: a.endpoints });
    try {
      assert.notEqual(a.prefix, b.prefix);
      assert.match(a.prefix, /^\/ordermesh-test\/[0-9a-f]+\/v1\/$/);
      await client.put(`${a.prefix}k`).value('a').exec();
      await client.put(`${b.prefix}k`).value('b').exec();
      await a.cleanup();
      assert.equal(await client.get(`${a.prefix}k`).string(), null, "a's keys are gone");
      assert.equal(await client.get(`${b.prefix}k`).string(), 'b', "b's keys are untouched");
    } finally {
      client.close();
      await a.cleanup();
      await b.cleanup();
    }
  }, 'testEtcd'),
);

test('testDatabase should give each caller a fresh database and cleanup should drop it', { timeout: 60_000 }, () =>
  withDeadline(50_000, async () => {
    const [a, b] = await Promise.all([testDatabase(), testDatabase()]);
    assert.ok(a && b);
    try {
      assert.notEqual(a.name, b.name);
      const sqlA = postgres(a.url, { max: 1, onnotice: () => undefined });
      await sqlA`CREATE TABLE only_in_a (n int)`;
      await sqlA.end();
      const sqlB = postgres(b.url, { max: 1, onnotice: () => undefined });
      const tables = await sqlB<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_a'`;
      assert.equal(tables[0]?.n, 0, 'databases are isolated');
      await sqlB.end();

      await a.cleanup();
      const admin = postgres(b.url, { max: 1, onnotice: () => undefined });
      const left = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${a.name}`;
      await admin.end();
      assert.equal(left[0]?.n, 0, 'cleanup drops the database');
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  }, 'testDatabase'),
);
