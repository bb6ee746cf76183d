import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { silentLogger } from '#lib/logging/index.js';
import { repoRoot } from '#lib/runtime/index.js';
import { testDatabase, type TestDatabase } from '#lib/testing/index.js';
import { calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';
import { foldAggregates } from '../orders/stats-aggregates.js';
import { migrateDatabase } from './migrate.js';
import { openDatabase } from './database.js';

/** The database URL `url` with another user and password. */
function as(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/**
 * deploy/postgres/least-privilege.sql, as compose applies it: migrations run as the owner role;
 * a warehouse node runs as the runtime role, which places orders but can change no schema.
 */
describe('Postgres with least privilege: an owner role for migrations, a runtime role for DML', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let app: postgres.Sql;
  let wh: TestWarehouse;

  before(async () => {
    db = await testDatabase();
    const admin = postgres(db.url, { max: 1, onnotice: () => undefined });
    try {
      await admin.unsafe(readFileSync(join(repoRoot(), 'deploy/postgres/least-privilege.sql'), 'utf8'));
      await admin.unsafe(`ALTER ROLE ordermesh_owner PASSWORD 'owner-secret'`);
      await admin.unsafe(`ALTER ROLE ordermesh_app PASSWORD 'app-secret'`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    // Two connections: migrateDatabase holds one for its advisory lock.
    const owner = openDatabase({ url: as(db.url, 'ordermesh_owner', 'owner-secret'), poolSize: 2, log: silentLogger() });
    try {
      await migrateDatabase(owner);
    } finally {
      await owner.close();
    }
    const appUrl = as(db.url, 'ordermesh_app', 'app-secret');
    app = postgres(appUrl, { max: 1, onnotice: () => undefined });
    wh = await startTestWarehouse({ databaseUrl: appUrl, migrate: false });
  });

  after(async () => {
    await wh?.stop();
    await app?.end({ timeout: 5 });
    await db?.cleanup();
  });

  it('should let a node on the runtime role stock, place, pay and read orders, and fold the stats aggregates', async () => {
    const api = calls(wh.clients);
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 10, unitPriceCents: 100 }] });
    const order = await api.createOrder({ requestId: 'lp-1', customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 2 }] });
    assert.equal(order.status, 'ORDER_STATUS_RESERVED', order.reason);
    const paid = await api.confirmPayment({ orderId: order.orderId, paymentId: 'lp-pay-1', amountCents: order.totalCents, succeeded: true });
    assert.equal(paid.status, 'ORDER_STATUS_PAID');
    const [row] = await app`SELECT count(*)::int AS n FROM orders`;
    assert.equal(row?.n, 1);
    // The nodes' background work on the runtime role too: folding the GetStats aggregates.
    await foldAggregates(app);
  });

  for (const [what, statement] of [
    ['create a table', 'CREATE TABLE sneaky (id int)'],
    ['drop a table', 'DROP TABLE orders'],
    ['alter a table', 'ALTER TABLE orders ADD COLUMN sneaky int'],
    ['truncate a table', 'TRUNCATE orders'],
    ['create a schema', 'CREATE SCHEMA sneaky'],
    ['create a temporary table', 'CREATE TEMPORARY TABLE sneaky (id int)'],
  ] as const) {
    it(`should refuse the runtime role to ${what}`, async () => {
      await assert.rejects(app.unsafe(statement), (err: postgres.PostgresError) => {
        assert.equal(err.code, '42501', `${statement}: ${err.message}`);
        return true;
      });
    });
  }

  it('should leave the schema as the migrations made it', async () => {
    const tables = await app`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    assert.ok(tables.some((t) => t.tablename === 'orders'));
    assert.ok(!tables.some((t) => t.tablename === 'sneaky'));
    const [owner] = await app`SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'orders'`;
    assert.equal(owner?.tableowner, 'ordermesh_owner');
  });
});
