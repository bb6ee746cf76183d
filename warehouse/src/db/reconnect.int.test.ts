import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { silentLogger } from '#lib/logging/index.js';
import { createTestDatabase, startPostgres, waitFor, withDeadline, type PostgresServer } from '#lib/testing/index.js';
import { openDatabase } from './database.js';

/**
 * Found by the crash-anywhere test: postgres.js waits before it connects again, by a count of
 * failed connects shared by the whole pool that only a successful connect resets; its default
 * grows to 10-20 s within a few seconds of outage, so calls made after Postgres was back hung to
 * their deadline waiting for a connection.
 */
describe('the warehouse database pool after Postgres comes back', { timeout: 120_000 }, () => {
  let pg: PostgresServer;
  let url: string;

  before(async () => {
    pg = await startPostgres();
    url = (await createTestDatabase(pg.url)).url;
  });
  after(() => pg?.stop());

  it('should connect again within a second or so, however many connects failed during the outage', async () => {
    const poolSize = 4;
    const database = openDatabase({ url, poolSize, log: silentLogger() });
    const ask = () => database.db.execute(sql`SELECT 1`);
    try {
      await ask();
      pg.kill('SIGKILL');
      await waitFor(() => !pg.running, { timeoutMs: 10_000, message: 'Postgres to die' });
      // The outage as a busy node sees it: callers and background sweeps keep asking, and every
      // connect is refused. Six seconds of that took the default backoff to its 20 s cap.
      let refused = 0;
      const until = Date.now() + 6_000;
      await Promise.all(
        Array.from({ length: poolSize }, async () => {
          while (Date.now() < until) await ask().then(() => assert.fail('Postgres is down'), () => refused++);
        }),
      );
      assert.ok(refused > poolSize, `connects were refused during the outage (${refused})`);
      await pg.restart();
      // Every pooled connection answers well within a caller's deadline (connect timeout 2 s).
      await withDeadline(5_000, () => Promise.all(Array.from({ length: poolSize * 2 }, ask)), 'every connection of the pool answering after the restart');
    } finally {
      await database.close(1);
    }
  });
});
