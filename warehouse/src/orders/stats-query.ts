import { sql } from 'drizzle-orm';
import { query, type Db } from '../db/database.js';

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
 * Orders whose last change `nodeId` made, by status: one GROUP BY, for the node's metrics
 * (each node reports its own, so the sum over nodes is every order once).
 */
export async function readOrderCountsOfNode(db: Db, nodeId: string): Promise<Array<{ status: string; count: number }>> {
  const rows = await query(() => db.execute<{ status: string; count: string }>(sql`SELECT status, count(*) AS count FROM orders WHERE node_id = ${nodeId} GROUP BY status`));
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}

/**
 * Sales per sku and region (revenue, quantity, mean price of paid orders: PAID, FULFILLING,
 * SHIPPED), orders by status, and orders by the node that made their last change. Each figure
 * is one GROUP BY in SQL, so the numbers are consistent per query and cheap to get.
 */
export async function readStats(db: Db, region: string): Promise<StatsRecord> {
  const where = region ? sql`WHERE o.region = ${region}` : sql``;
  const [sales, byStatus, byNode] = await query(() =>
    Promise.all([
      db.execute<{ sku: string; region: string; revenue: string; quantity: string }>(sql`
        SELECT i.sku, o.region, sum(i.quantity * i.unit_price_cents)::bigint AS revenue, sum(i.quantity)::bigint AS quantity
        FROM order_items i JOIN orders o USING (order_id)
        ${region ? sql`WHERE o.region = ${region} AND` : sql`WHERE`} o.status IN ('PAID', 'FULFILLING', 'SHIPPED')
        GROUP BY i.sku, o.region ORDER BY o.region, i.sku`),
      db.execute<{ status: string; count: string }>(sql`SELECT o.status, count(*) AS count FROM orders o ${where} GROUP BY o.status ORDER BY o.status`),
      db.execute<{ node_id: string; status: string; count: string }>(
        sql`SELECT o.node_id, o.status, count(*) AS count FROM orders o ${where} GROUP BY o.node_id, o.status ORDER BY o.node_id, o.status`,
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
