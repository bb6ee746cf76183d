import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { SimulationSummary } from '../ecom-sim/src/index.js';
import { spawnOrdermesh, TestCluster } from './harness/index.js';

/**
 * The run of issue 13 that broke the cluster, bounded: ecom-sim with 200 calls in flight against
 * the whole cluster as real processes (gateway, three nodes, wms-sim). It used to answer
 * thousands of calls INTERNAL ("sorry, too many clients already"), fail payments, and strand
 * paid orders in FULFILLING.
 */
describe('the cluster with 200 calls in flight, across real processes', { timeout: 600_000 }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start({ wmsSim: true });
  });
  after(() => cluster?.stop());

  it('should answer no call INTERNAL, bring every acknowledged order to a final status and keep the stock balanced', async () => {
    // At 200 in flight on a small host, shipping lags placing by a minute or more (every order
    // waits its turn for CPU); ecom-sim gets long enough to see each order final, which is the
    // point: none is stranded, none fails.
    const sim = spawnOrdermesh(
      'ecom-sim',
      ['ecom-sim', '--target', cluster.gateway(), '--orders', '1200', '--concurrency', '200', '--payment-delay-ms', '0-50', '--settle-timeout-ms', '240000', '--json'],
      { ORDERMESH_LOG_LEVEL: 'warn' },
    );
    const code = await sim.exited;
    const output = sim.output();
    const line = output.split('\n').find((l) => l.startsWith('{"target"'));
    assert.ok(line, `ecom-sim printed its summary (exit ${code}):\n${output.slice(-2000)}`);
    const summary = JSON.parse(line) as SimulationSummary;
    const context = JSON.stringify({ orders: summary.orders, payments: summary.payments, failedCalls: summary.failedCalls });

    assert.equal(summary.failedCalls.INTERNAL ?? 0, 0, `no call answered INTERNAL: ${context}`);
    assert.equal(summary.failedCalls.UNKNOWN ?? 0, 0, context);
    assert.equal(summary.orders.lost, 0, context);
    assert.equal(summary.orders.stuck, 0, `every acknowledged order final: ${context}`);
    assert.ok(summary.orders.acknowledged > 0, context);
    assert.equal(code, 0, `ecom-sim exits 0: ${context}`);

    // The books: every unit reserved belongs to an open order, every unit shipped to a SHIPPED one.
    const sql = postgres(cluster.database.url, { max: 1, onnotice: () => undefined });
    try {
      const unbalanced = await sql`
        WITH held AS (
          SELECT o.warehouse_id, i.sku,
                 sum(i.quantity) FILTER (WHERE o.status IN ('RESERVED', 'PAID', 'FULFILLING'))::bigint AS reserved,
                 sum(i.quantity) FILTER (WHERE o.status = 'SHIPPED')::bigint AS shipped
          FROM orders o JOIN order_items i ON i.order_id = o.order_id
          GROUP BY o.warehouse_id, i.sku)
        SELECT v.warehouse_id, v.sku, v.on_hand, v.reserved, v.shipped, h.reserved AS orders_reserved, h.shipped AS orders_shipped
        FROM inventory v LEFT JOIN held h ON h.warehouse_id = v.warehouse_id AND h.sku = v.sku
        WHERE v.reserved <> coalesce(h.reserved, 0) OR v.shipped <> coalesce(h.shipped, 0) OR v.reserved > v.on_hand`;
      assert.deepEqual([...unbalanced], [], 'stock balances against the orders');
      const open = await sql`SELECT status, count(*)::int AS n FROM orders WHERE status IN ('PAID', 'FULFILLING') GROUP BY status`;
      assert.deepEqual([...open], [], 'no paid order left unshipped');
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
