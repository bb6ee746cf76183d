/**
 * The checks of `ordermesh check`: each a set-based query over the tables that returns one text
 * line per violation. They read Postgres alone (no node, no etcd), so they can judge the books
 * after any crash. Statuses and columns are those of warehouse/src/db/schema.ts.
 */
export interface BookCheck {
  /** Short, stable name (also the key in --json). */
  name: string;
  /** The rule, as a sentence. */
  rule: string;
  /** SELECT ... AS detail: one row per violation. */
  sql: string;
}

const OPEN = `('RESERVED', 'PAID', 'FULFILLING')`;
const PAID_OR_LATER = `('PAID', 'FULFILLING', 'SHIPPED')`;
const FINAL = `('SHIPPED', 'CANCELLED', 'REJECTED')`;

/** Units of the lines of orders in `statuses`, per warehouse and sku. */
const unitsOf = (statuses: string) => `
  SELECT o.warehouse_id, i.sku, sum(i.quantity)::bigint AS units
  FROM orders o JOIN order_items i USING (order_id) WHERE o.status IN ${statuses} GROUP BY 1, 2`;

export const BOOK_CHECKS: readonly BookCheck[] = [
  {
    name: 'stock-reserved',
    rule: "each warehouse's reserved units of a sku equal the units of its open orders (RESERVED, PAID, FULFILLING)",
    sql: `
      SELECT format('%s/%s: reserved %s, open orders hold %s', warehouse_id, sku, coalesce(inv.reserved, 0), coalesce(u.units, 0)) AS detail
      FROM inventory inv FULL JOIN (${unitsOf(OPEN)}) u USING (warehouse_id, sku)
      WHERE coalesce(inv.reserved, 0) <> coalesce(u.units, 0)`,
  },
  {
    name: 'stock-shipped',
    rule: "each warehouse's shipped units of a sku equal the units of its SHIPPED orders",
    sql: `
      SELECT format('%s/%s: shipped %s, SHIPPED orders hold %s', warehouse_id, sku, coalesce(inv.shipped, 0), coalesce(u.units, 0)) AS detail
      FROM inventory inv FULL JOIN (${unitsOf(`('SHIPPED')`)}) u USING (warehouse_id, sku)
      WHERE coalesce(inv.shipped, 0) <> coalesce(u.units, 0)`,
  },
  {
    name: 'stock-bounds',
    rule: 'on_hand, reserved and shipped are never negative, and reserved never exceeds on_hand',
    sql: `
      SELECT format('%s/%s: on_hand %s, reserved %s, shipped %s', warehouse_id, sku, on_hand, reserved, shipped) AS detail
      FROM inventory WHERE on_hand < 0 OR reserved < 0 OR shipped < 0 OR reserved > on_hand`,
  },
  {
    name: 'order-total',
    rule: "an order's total_cents is the sum of its lines (quantity x unit price)",
    sql: `
      SELECT format('%s: total %s, lines sum to %s', o.order_id, o.total_cents, coalesce(l.sum, 0)) AS detail
      FROM orders o LEFT JOIN (SELECT order_id, sum(quantity::bigint * unit_price_cents) AS sum FROM order_items GROUP BY 1) l USING (order_id)
      WHERE o.total_cents <> coalesce(l.sum, 0)`,
  },
  {
    name: 'order-warehouse',
    rule: 'a REJECTED order names no warehouse and gives a reason; every other order names the warehouse that reserved it',
    sql: `
      SELECT format('%s: %s with warehouse %L', order_id, status, warehouse_id) AS detail FROM orders
      WHERE (status = 'REJECTED') = (warehouse_id <> '') OR (status = 'REJECTED' AND reason = '')`,
  },
  {
    name: 'paid-by-its-payment',
    rule: 'a PAID, FULFILLING or SHIPPED order was paid by a succeeded payment of exactly its total, the one it names',
    sql: `
      SELECT format('%s: %s, payment %L', o.order_id, o.status, o.payment_id) AS detail FROM orders o
      WHERE o.status IN ${PAID_OR_LATER} AND NOT EXISTS (
        SELECT 1 FROM payments p WHERE p.payment_id = o.payment_id AND p.order_id = o.order_id AND p.succeeded AND p.amount_cents = o.total_cents)`,
  },
  {
    name: 'unpaid-not-charged',
    rule: 'a RESERVED, CANCELLED or REJECTED order has no succeeded payment',
    sql: `
      SELECT format('%s: %s, but payment %s succeeded', o.order_id, o.status, p.payment_id) AS detail
      FROM orders o JOIN payments p ON p.order_id = o.order_id AND p.succeeded
      WHERE o.status IN ('RESERVED', 'CANCELLED', 'REJECTED')`,
  },
  {
    name: 'payment-once',
    rule: 'no order has more than one succeeded payment',
    sql: `
      SELECT format('%s: %s succeeded payments (%s)', order_id, count(*), string_agg(payment_id, ', ')) AS detail
      FROM payments WHERE succeeded GROUP BY order_id HAVING count(*) > 1`,
  },
  {
    name: 'shipment',
    rule: 'an order is SHIPPED exactly when it names a shipment',
    sql: `
      SELECT format('%s: %s, shipment %L', order_id, status, shipment_id) AS detail FROM orders
      WHERE (status = 'SHIPPED') <> (shipment_id <> '')`,
  },
  {
    name: 'shipped-once',
    rule: 'no shipment carries two orders, and no order is shipped twice',
    sql: `
      SELECT format('shipment %s: orders %s', shipment_id, string_agg(order_id, ', ')) AS detail
      FROM orders WHERE shipment_id <> '' GROUP BY shipment_id HAVING count(*) > 1`,
  },
  {
    name: 'outbox-for-paid',
    rule: 'every PAID, FULFILLING or SHIPPED order has its outbox row (its delivery to the backend)',
    sql: `
      SELECT format('%s: %s with no outbox row', o.order_id, o.status) AS detail FROM orders o
      WHERE o.status IN ${PAID_OR_LATER} AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.order_id = o.order_id)`,
  },
  {
    name: 'outbox-closed-when-final',
    rule: 'no undelivered outbox row is left for an order whose life is over (SHIPPED, CANCELLED, REJECTED)',
    sql: `
      SELECT format('%s: %s, outbox row %s still undelivered', o.order_id, o.status, b.id) AS detail
      FROM outbox b JOIN orders o USING (order_id) WHERE b.delivered_at IS NULL AND o.status IN ${FINAL}`,
  },
  {
    name: 'money',
    rule: 'the money taken (succeeded payments) equals the totals of the orders paid',
    sql: `
      SELECT format('payments took %s cents; paid orders total %s cents', taken, owed) AS detail
      FROM (SELECT (SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE succeeded) AS taken,
                   (SELECT coalesce(sum(total_cents), 0) FROM orders WHERE status IN ${PAID_OR_LATER}) AS owed) t
      WHERE taken <> owed`,
  },
  {
    name: 'stats-counts',
    rule: 'the running order counts GetStats reads (order_counts) equal the orders, per region, node and status',
    sql: `
      SELECT format('%s/%s/%s: running count %s, orders %s', region, node_id, status, coalesce(c.n, 0), coalesce(o.n, 0)) AS detail
      FROM (SELECT region, node_id, status, sum(orders) AS n FROM order_counts GROUP BY 1, 2, 3) c
      FULL JOIN (SELECT region, node_id, status, count(*) AS n FROM orders GROUP BY 1, 2, 3) o USING (region, node_id, status)
      WHERE coalesce(c.n, 0) <> coalesce(o.n, 0)`,
  },
  {
    name: 'stats-sales',
    rule: 'the running sales GetStats reads (sales_totals) equal the lines of paid orders, per region and sku',
    sql: `
      SELECT format('%s/%s: running sales %s cents, %s units; paid orders %s cents, %s units', region, sku,
                    coalesce(t.revenue, 0), coalesce(t.units, 0), coalesce(p.revenue, 0), coalesce(p.units, 0)) AS detail
      FROM (SELECT region, sku, sum(revenue_cents) AS revenue, sum(quantity) AS units FROM sales_totals GROUP BY 1, 2) t
      FULL JOIN (SELECT o.region, i.sku, sum(i.quantity * i.unit_price_cents) AS revenue, sum(i.quantity) AS units
                 FROM orders o JOIN order_items i USING (order_id) WHERE o.status IN ${PAID_OR_LATER} GROUP BY 1, 2) p USING (region, sku)
      WHERE coalesce(t.revenue, 0) <> coalesce(p.revenue, 0) OR coalesce(t.units, 0) <> coalesce(p.units, 0)`,
  },
];
