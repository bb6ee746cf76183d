import type postgres from 'postgres';

/** The tables a warehouse node writes, each with the key that orders its rows. */
const TABLES = {
  orders: 'order_id',
  order_items: 'order_id, line_no',
  payments: 'payment_id',
  outbox: 'id',
  idempotency_keys: 'request_id',
  inventory: 'warehouse_id, sku',
} as const;

/** Every row of every table a warehouse node writes, by table. */
export type TableSnapshot = Record<keyof typeof TABLES, Array<Record<string, unknown>>>;

/**
 * Reads every row of the tables a warehouse node writes (orders, order_items, payments, outbox,
 * idempotency_keys, inventory) in key order, as plain objects, so that two snapshots compare with
 * `assert.deepEqual` to tell whether a call wrote anything.
 */
export async function snapshotTables(sql: postgres.Sql): Promise<TableSnapshot> {
  const entries = await Promise.all(
    Object.entries(TABLES).map(async ([table, key]) => {
      const rows = await sql.unsafe(`SELECT * FROM ${table} ORDER BY ${key}`);
      // Plain objects: postgres.js result arrays carry statement metadata that differs per query.
      return [table, rows.map((row): Record<string, unknown> => ({ ...row }))] as const;
    }),
  );
  return Object.fromEntries(entries) as TableSnapshot;
}
