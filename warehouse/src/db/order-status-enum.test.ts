import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ORDER_STATUSES } from '#lib/orders/index.js';
import { OrderStatus } from '#lib/proto/index.js';
import { MIGRATIONS_DIR } from './migrate.js';
import { orderStatus } from './schema.js';

/** The statuses the migrations give Postgres's order_status type, in order. */
function migratedStatuses(): string[] {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
  let values: string[] | undefined;
  for (const file of files) {
    const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    const created = /CREATE TYPE "public"\."order_status" AS ENUM\(([^)]*)\)/.exec(text);
    if (created) values = [...created[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
    // A later ADD VALUE would change the list; this test would have to learn to read it.
    assert.doesNotMatch(text, /ALTER TYPE "?(public"?\.)?"?order_status/, `${file} alters order_status`);
  }
  assert.ok(values, 'no migration creates order_status');
  return values;
}

test('the order statuses of lib/orders, the proto enum, the Drizzle schema and the migrations should be one list', () => {
  const proto = Object.keys(OrderStatus)
    .filter((name) => name !== 'ORDER_STATUS_UNSPECIFIED')
    .map((name) => name.slice('ORDER_STATUS_'.length));
  assert.deepEqual([...ORDER_STATUSES], proto, 'lib/orders against proto/ordermesh/v1/order.proto');
  assert.deepEqual(orderStatus.enumValues, [...ORDER_STATUSES], 'the Drizzle enum is built from lib/orders');
  assert.deepEqual(migratedStatuses(), [...ORDER_STATUSES], 'the migrations against lib/orders (run drizzle-kit generate after changing the list)');
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ idx: number }> };
  const last = String(Math.max(...journal.entries.map((e) => e.idx))).padStart(4, '0');
  const snapshot = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', `${last}_snapshot.json`), 'utf8')) as { enums: Record<string, { values: string[] }> };
  assert.deepEqual(snapshot.enums['public.order_status']?.values, [...ORDER_STATUSES], "drizzle-kit's latest snapshot against lib/orders");
});
