import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import postgres from 'postgres';

import { childPids, createTestDatabase, isProcessAlive, startPostgres, waitFor, withDeadline } from './index.js';

async function query<T extends object>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

test('startPostgres should answer, keep data across restart and leave no process after stop', { timeout: 90_000 }, () =>
  withDeadline(80_000, async () => {
    const server = await startPostgres();
    let serverProcesses: number[] = [];
    try {
      assert.match(server.url, /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
      const db = await createTestDatabase(server.url);
      assert.notEqual(db.name, 'postgres');
      await query(db.url, (sql) => sql`CREATE TABLE orders (id text PRIMARY KEY)`);
      await query(db.url, (sql) => sql`INSERT INTO orders VALUES ('HCM-1')`);

      const port = server.port;
      await server.restart();
      assert.equal(server.port, port, 'restart keeps the port');
      const rows = await query(db.url, (sql) => sql<{ id: string }[]>`SELECT id FROM orders`);
      assert.deepEqual(rows.map((row) => row.id), ['HCM-1'], 'data survives restart');

      await db.drop();
      const databases = await query(server.url, (sql) => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${db.name}`);
      assert.equal(databases[0]?.n, 0, 'drop() removes the database');
      serverProcesses = [server.pid, ...childPids(server.pid)];
      assert.ok(serverProcesses.length > 1, 'the postmaster has worker processes');
    } finally {
      await server.stop();
    }
    assert.equal(server.running, false);
    assert.deepEqual(serverProcesses.filter(isProcessAlive), [], 'no postgres process is left after stop');
    assert.equal(existsSync(server.dataDir), false, 'the data dir is removed');
  }, 'postgres start/restart/stop'),
);

test('a Postgres killed with SIGKILL should restart on the same data dir with its committed rows', { timeout: 90_000 }, () =>
  withDeadline(80_000, async () => {
    const server = await startPostgres();
    try {
      await query(server.url, (sql) => sql`CREATE TABLE t (n int)`);
      await query(server.url, (sql) => sql`INSERT INTO t SELECT generate_series(1, 100)`);
      const crashed = [server.pid, ...childPids(server.pid)];
      server.kill();
      await waitFor(() => !server.running, { timeoutMs: 5_000, message: 'postmaster to die' });
      await server.restart();
      assert.deepEqual(crashed.filter(isProcessAlive), [], 'the crashed server left no process behind');
      const rows = await query(server.url, (sql) => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM t`);
      assert.equal(rows[0]?.n, 100, 'committed rows survive a crash');
    } finally {
      await server.stop();
    }
  }, 'postgres crash/restart'),
);
