import type postgres from 'postgres';
import { statusesBefore, TRANSITIONS } from '#lib/orders/index.js';

/**
 * Records that the backend accepted a batch of deliveries, in ONE transaction: the orders are
 * locked in order_id order (as every batch locks them), their outbox rows closed, and the PAID
 * ones moved to FULFILLING (any other status is left as is: the shipment report may already
 * have come back). One round trip and one commit for the batch.
 */
export async function recordDeliveryBatch(sql: postgres.Sql, orderIds: readonly string[], nodeId: string): Promise<true[]> {
  const ids = [...new Set(orderIds)].sort();
  await sql.begin(async (tx) => {
    const array = tx.array(ids);
    await Promise.all([
      tx`SELECT 1 FROM orders WHERE order_id = ANY(${array}::text[]) ORDER BY order_id FOR UPDATE`,
      tx`UPDATE outbox SET delivered_at = coalesce(delivered_at, now()), attempts = attempts + 1, last_error = '' WHERE order_id = ANY(${array}::text[])`,
      tx`
        UPDATE orders SET status = ${TRANSITIONS.deliver.to}::order_status, node_id = ${nodeId}, updated_at = ${new Date().toISOString()}::timestamptz, version = version + 1
        WHERE order_id = ANY(${array}::text[]) AND status = ANY(${tx.array(statusesBefore('deliver'))}::order_status[])`,
    ]);
  });
  return orderIds.map(() => true as const);
}
