import type postgres from 'postgres';
import type { OrderLine, OrderRecord, OrderStatus } from './order-record.js';

/** A row of `orders` as postgres.js returns it (int8 as text). */
export interface OrderSqlRow {
  order_id: string;
  request_id: string;
  customer_name: string;
  region: string;
  status: OrderStatus;
  warehouse_id: string;
  node_id: string;
  total_cents: string;
  payment_id: string;
  shipment_id: string;
  reason: string;
  fingerprint: string;
  traceparent: string;
  /** A Date, or text: drizzle sets the pool's timestamp parsers to keep Postgres's text. */
  created_at: Date | string;
  updated_at: Date | string;
}

/** A row of `orders` read with raw SQL, with its lines, as an OrderRecord. */
export function recordOfRow(row: OrderSqlRow, items: OrderLine[]): OrderRecord {
  return {
    orderId: row.order_id,
    requestId: row.request_id,
    customerName: row.customer_name,
    region: row.region,
    status: row.status,
    warehouseId: row.warehouse_id,
    nodeId: row.node_id,
    items,
    totalCents: Number(row.total_cents),
    paymentId: row.payment_id,
    shipmentId: row.shipment_id,
    reason: row.reason,
    fingerprint: row.fingerprint,
    traceparent: row.traceparent,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * Locks a batch's orders for the rest of the transaction, in order_id order (the order every
 * batch locks orders in, before any inventory row, so batches cannot deadlock), and reads them
 * with their lines: one round trip (the two statements are pipelined). Unknown ids are absent.
 */
export async function lockOrders(tx: postgres.TransactionSql, orderIds: Iterable<string>): Promise<Map<string, OrderRecord>> {
  const ids = tx.array([...new Set(orderIds)].sort());
  const [rows, lines] = await Promise.all([
    tx<OrderSqlRow[]>`SELECT * FROM orders WHERE order_id = ANY(${ids}::text[]) ORDER BY order_id FOR UPDATE`,
    tx<{ order_id: string; sku: string; quantity: number; unit_price_cents: string }[]>`
      SELECT order_id, sku, quantity, unit_price_cents FROM order_items WHERE order_id = ANY(${ids}::text[]) ORDER BY order_id, line_no`,
  ]);
  const linesOf = new Map<string, OrderLine[]>();
  for (const l of lines) {
    const list = linesOf.get(l.order_id) ?? [];
    list.push({ sku: l.sku, quantity: l.quantity, unitPriceCents: Number(l.unit_price_cents) });
    linesOf.set(l.order_id, list);
  }
  return new Map(rows.map((r) => [r.order_id, recordOfRow(r, linesOf.get(r.order_id) ?? [])]));
}
