import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { UnavailableError } from '#lib/errors/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { testDatabase, waitFor, withDeadline, type TestDatabase } from '#lib/testing/index.js';
import { inTransaction, openDatabase } from './database.js';
import { DbHealthMonitor } from './db-health.js';
import { classifyDatabaseError } from './pg-errors.js';

/** Connections the warehouse's pool (not its probe) has open on `database`, by Postgres's count. */
async function poolConnections(checker: postgres.Sql, database: string): Promise<number> {
  const [row] = await checker<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${database} AND application_name LIKE 'ordermesh-warehouse #%'`;
  return row?.n ?? 0;
}

/** Connections of the pool running pg_sleep right now. */
async function sleepers(checker: postgres.Sql, database: string): Promise<number> {
  const [row] = await checker<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = ${database} AND application_name LIKE 'ordermesh-warehouse #%' AND wait_event = 'PgSleep'`;
  return row?.n ?? 0;
}

describe('the warehouse database pool under a slow database', { timeout: 120_000 }, () => {
  let testDb: TestDatabase;
  let checker: postgres.Sql;
  let name: string;

  before(async () => {
    testDb = await testDatabase();
    name = new URL(testDb.url).pathname.slice(1);
    checker = postgres(testDb.url, { max: 2, onnotice: () => undefined, connection: { application_name: 'pool-test-checker' } });
  });
  after(async () => {
    await checker?.end({ timeout: 1 });
    await testDb?.cleanup();
  });

  it('should never open more connections than its size, also when renewed while every connection is busy', () =>
    withDeadline(60_000, async () => {
      const poolSize = 4;
      const database = openDatabase({ url: testDb.url, poolSize, log: silentLogger(), minRenewIntervalMs: 0 });
      let most = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          most = Math.max(most, await poolConnections(checker, name));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      try {
        const outcomes: Array<Promise<unknown>> = [];
        // What the old node did on a slow probe: renew the pool while its connections are busy.
        for (let round = 0; round < 3; round++) {
          // Three times the pool's size in slow statements: every connection busy, the rest queued.
          await waitFor(async () => (await database.db.execute(sql`SELECT 1`).then(() => true, () => false)), { message: 'the renewed pool in use' });
          outcomes.push(...Array.from({ length: poolSize * 3 }, () => database.db.execute(sql`SELECT pg_sleep(0.5)`).then(() => 'ok', (err: unknown) => err)));
          // Every connection in its statement (not still connecting: postgres.js leaves the
          // array-type fetch of a connection destroyed while connecting rejected unhandled).
          await waitFor(async () => (await sleepers(checker, name)) === poolSize, { message: 'every pooled connection busy' });
          assert.equal(database.renewPool('test'), true);
        }
        for (const outcome of await Promise.all(outcomes)) {
          // Statements of a renewed-away pool fail as the database unreachable (UNAVAILABLE, retryable), none hangs.
          if (outcome !== 'ok') assert.equal(classifyDatabaseError(outcome), 'unreachable', String(outcome));
        }
        await waitFor(async () => (await database.db.execute(sql`SELECT 1`).then(() => true, () => false)), { message: 'the renewed pool in use' });
      } finally {
        sampling = false;
        await sampler;
        await database.close(1);
      }
      assert.ok(most <= poolSize, `the pool had ${most} connections open at once; its size is ${poolSize}`);
    }));

  it('should keep health SERVING while every pooled connection is busy: the probe has a connection of its own', () =>
    withDeadline(60_000, async () => {
      const database = openDatabase({ url: testDb.url, poolSize: 2, log: silentLogger() });
      const changes: boolean[] = [];
      let renewals = 0;
      const health = new DbHealthMonitor({
        probe: (timeoutMs) => database.probe(timeoutMs),
        log: silentLogger(),
        onChange: (ok) => changes.push(ok),
        onUnreachable: () => {
          renewals += 1;
        },
        timeoutMs: 1_000,
      });
      try {
        // Both connections sleep far longer than the probe's timeout; queries queue behind them.
        const busy = Array.from({ length: 6 }, () => database.db.execute(sql`SELECT pg_sleep(3)`).catch(() => undefined));
        await waitFor(async () => (await poolConnections(checker, name)) === 2, { message: 'the pool busy' });
        for (let i = 0; i < 3; i++) assert.equal(await health.probe(), true, `probe ${i + 1} while the pool is busy`);
        assert.deepEqual(changes, [true]);
        assert.equal(renewals, 0);
        await Promise.all(busy);
      } finally {
        await database.close(1);
      }
    }));

  it('should survive postgres.js writing to a dead reserved connection, and fail that transaction as UNAVAILABLE', () =>
    withDeadline(60_000, async () => {
      const database = openDatabase({ url: testDb.url, poolSize: 2, log: silentLogger() });
      try {
        let secondStatement: Promise<unknown> | undefined;
        let reached!: () => void;
        const secondSent = new Promise<void>((resolve) => (reached = resolve));
        const pending = inTransaction(database.db, async (tx) => {
          const [row] = await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
          // The backend of this transaction dies between two of its statements (as in a
          // Postgres crash or restart); postgres.js notices the closed socket...
          await checker`SELECT pg_terminate_backend(${row?.pid ?? 0})`;
          await waitFor(async () => (await checker`SELECT 1 FROM pg_stat_activity WHERE pid = ${row?.pid ?? 0}`).length === 0, { message: 'the backend gone' });
          await new Promise((resolve) => setTimeout(resolve, 200));
          // ...and the next statement of the transaction goes to the same, now socketless,
          // connection: postgres.js 3.4.9 throws an uncaught TypeError from setImmediate here
          // (porsager/postgres#1208), which used to kill the process, and the statement is
          // never settled.
          secondStatement = tx.execute(sql`SELECT 2`);
          reached();
          return secondStatement;
        });
        pending.catch(() => undefined);
        // The transaction itself fails when its connection closes.
        await assert.rejects(pending, (err: unknown) => err instanceof UnavailableError && err.dependency === 'database');
        await secondSent;
        // The fault was contained (this process is alive) and the pool renewed, which settles the
        // stranded statement as a connection failure instead of leaving it pending for good.
        await assert.rejects(secondStatement as Promise<unknown>, (err: unknown) => classifyDatabaseError(err) === 'unreachable');
        // The renewed pool takes over (calls meanwhile fail fast as UNAVAILABLE) and works.
        await waitFor(() => inTransaction(database.db, (tx) => tx.execute(sql`SELECT 3 AS three`)).then((rows) => rows.length === 1, () => false), {
          message: 'a transaction on the renewed pool',
        });
      } finally {
        await database.close(1);
      }
    }));
});
