import { query, type Db } from '../db/database.js';
import { sql } from 'drizzle-orm';

/** Sales of one sku in one home region. */
export interface SkuSalesRecord {
  sku: string;
  region: string;
  revenueCents: number;
  quantity: number;
  meanPriceCents: number;
}

/** Statistics over all orders, aggregated by Postgres. */
export interface StatsRecord {
  sales: SkuSalesRecord[];
  ordersByStatus: Array<{ status: string; count: number }>;
  nodes: Array<{ nodeId: string; ordersByStatus: Array<{ status: string; count: number }> }>;
}

/**
 * Orders whose last change `nodeId` made, by status, for the node's metrics (each node reports
 * its own, so the sum over nodes is every order once). From the running aggregates, as
 * {@link readStats}: the cost does not grow with the number of orders.
 */
export async function readOrderCountsOfNode(db: Db, nodeId: string): Promise<Array<{ status: string; count: number }>> {
  const rows = await query(() =>
    db.execute<{ status: string; count: string }>(
      sql`SELECT status, sum(orders)::bigint AS count FROM order_counts WHERE node_id = ${nodeId} GROUP BY status HAVING sum(orders) <> 0`,
    ),
  );
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}

/**
 * Sales per sku and region (revenue, quantity, mean price of paid orders: PAID, FULFILLING,
 * SHIPPED), orders by status, and orders by the node that made their last change. Read from the
 * running aggregates the triggers on `orders` keep (order_counts, sales_totals; migration 0002),
 * so the cost does not grow with the number of orders: a sum over a few folded rows per group
 * plus the deltas appended since the last fold (see stats-aggregates.ts). One snapshot per
 * query, so each figure is consistent.
 */
export async function readStats(db: Db, region: string): Promise<StatsRecord> {
  const where = region ? sql`WHERE region = ${region}` : sql``;
  const [sales, byStatus, byNode] = await query(() =>
    Promise.all([
      db.execute<{ sku: string; region: string; revenue: string; quantity: string }>(sql`
        SELECT sku, region, sum(revenue_cents)::bigint AS revenue, sum(quantity)::bigint AS quantity
        FROM sales_totals ${where} GROUP BY region, sku HAVING sum(quantity) <> 0 ORDER BY region, sku`),
      db.execute<{ status: string; count: string }>(
        sql`SELECT status, sum(orders)::bigint AS count FROM order_counts ${where} GROUP BY status HAVING sum(orders) <> 0 ORDER BY status`,
      ),
      db.execute<{ node_id: string; status: string; count: string }>(
        sql`SELECT node_id, status, sum(orders)::bigint AS count FROM order_counts ${where} GROUP BY node_id, status HAVING sum(orders) <> 0 ORDER BY node_id, status`,
      ),
    ]),
  );
  const nodes = new Map<string, Array<{ status: string; count: number }>>();
  for (const row of byNode) {
    const list = nodes.get(row.node_id) ?? [];
    list.push({ status: row.status, count: Number(row.count) });
    nodes.set(row.node_id, list);
  }
  return {
    sales: sales.map((r) => {
      const revenueCents = Number(r.revenue);
      const quantity = Number(r.quantity);
      return { sku: r.sku, region: r.region, revenueCents, quantity, meanPriceCents: quantity ? Math.round(revenueCents / quantity) : 0 };
    }),
    ordersByStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.count) })),
    nodes: [...nodes].map(([nodeId, ordersByStatus]) => ({ nodeId, ordersByStatus })),
  };
}
