import type postgres from 'postgres';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '#lib/errors/index.js';
import { canApply, statusesBefore, TRANSITIONS, type ConfirmPaymentCommand } from '#lib/orders/index.js';
import { lockOrders } from './locked-orders.js';
import type { OrderRecord } from './order-record.js';

/** The statuses a payment callback (succeeded or failed) may find an order in. */
const PAYABLE = [...new Set([...statusesBefore('pay'), ...statusesBefore('payment-failed')])];

/**
 * Records a batch of payment callbacks in ONE transaction (group commit): one round trip locks
 * the batch's orders (in order_id order), reads their lines and the payment ids seen before;
 * each payment is decided in memory, in arrival order, against the orders as the earlier
 * payments of the batch left them; one more round trip writes every payment, outbox row, order
 * change and stock release through `unnest` arrays; one commit.
 *
 * Per item, exactly as one payment alone: success with the exact total → PAID and an outbox row;
 * failure → CANCELLED and its stock released; a payment_id seen before returns the order as it
 * is; a wrong amount is that item's InvalidArgumentError, an order no longer RESERVED its
 * FailedPreconditionError, and neither touches its neighbours.
 * @throws the database's error when the transaction fails as a whole.
 */
export async function confirmPaymentBatch(sql: postgres.Sql, items: readonly ConfirmPaymentCommand[], nodeId: string): Promise<Array<OrderRecord | Error>> {
  const paymentIds = [...new Set(items.map((i) => i.paymentId))];
  return sql.begin<Array<OrderRecord | Error>>(async (tx) => {
    const [orders, seen] = await Promise.all([
      lockOrders(tx, items.map((i) => i.orderId)),
      tx<{ payment_id: string; order_id: string }[]>`SELECT payment_id, order_id FROM payments WHERE payment_id = ANY(${tx.array(paymentIds)}::text[])`,
    ]);
    const paymentOrder = new Map(seen.map((p) => [p.payment_id, p.order_id]));

    const now = new Date();
    const pay = { paymentId: [] as string[], orderId: [] as string[], amountCents: [] as number[], succeeded: [] as boolean[], failureReason: [] as string[] };
    const changed = new Map<string, OrderRecord>();
    const release = new Map<string, { warehouseId: string; sku: string; quantity: number }>();

    const outcomes = items.map((cmd): OrderRecord | Error => {
      const order = orders.get(cmd.orderId);
      if (!order) return new NotFoundError('order_id', `order_id: no order ${cmd.orderId}`);
      const paidOrder = paymentOrder.get(cmd.paymentId);
      if (paidOrder !== undefined) {
        if (paidOrder !== cmd.orderId) {
          return new FailedPreconditionError('payment-id-reused', `payment_id '${cmd.paymentId}' already paid order ${paidOrder}; it cannot pay another order`);
        }
        return order;
      }
      const event = cmd.succeeded ? 'pay' : 'payment-failed';
      if (!canApply(event, order.status)) {
        const why =
          order.status === 'CANCELLED' || order.status === 'REJECTED'
            ? `order ${order.orderId} is ${order.status} (${order.reason}); it cannot be paid`
            : `order ${order.orderId} is already ${order.status}, paid by payment ${order.paymentId}; payment '${cmd.paymentId}' was not taken`;
        return new FailedPreconditionError('illegal-transition', why);
      }
      if (cmd.succeeded && cmd.amountCents !== order.totalCents) {
        return new InvalidArgumentError('amount_cents', `is ${cmd.amountCents} but order ${order.orderId} totals ${order.totalCents} cents`);
      }
      paymentOrder.set(cmd.paymentId, cmd.orderId);
      pay.paymentId.push(cmd.paymentId);
      pay.orderId.push(cmd.orderId);
      pay.amountCents.push(cmd.amountCents);
      pay.succeeded.push(cmd.succeeded);
      pay.failureReason.push(cmd.failureReason);
      const next: OrderRecord = cmd.succeeded
        ? { ...order, status: TRANSITIONS.pay.to, paymentId: cmd.paymentId, nodeId, updatedAt: now }
        : { ...order, status: TRANSITIONS['payment-failed'].to, paymentId: cmd.paymentId, reason: `payment failed: ${cmd.failureReason || 'no reason given'}`, nodeId, updatedAt: now };
      if (!cmd.succeeded) {
        for (const l of order.items) {
          const key = `${order.warehouseId}\u0000${l.sku}`;
          const r = release.get(key) ?? { warehouseId: order.warehouseId, sku: l.sku, quantity: 0 };
          r.quantity += l.quantity;
          release.set(key, r);
        }
      }
      orders.set(order.orderId, next);
      changed.set(order.orderId, next);
      return next;
    });

    if (changed.size > 0) {
      const c = [...changed.values()];
      const paid = c.filter((o) => o.status === TRANSITIONS.pay.to);
      const freed = [...release.values()].sort((a, b) => (a.warehouseId + '\u0000' + a.sku < b.warehouseId + '\u0000' + b.sku ? -1 : 1));
      const writes: Promise<unknown>[] = [
        tx`
          INSERT INTO payments (payment_id, order_id, amount_cents, succeeded, failure_reason)
          SELECT * FROM unnest(${tx.array(pay.paymentId)}::text[], ${tx.array(pay.orderId)}::text[], ${tx.array(pay.amountCents)}::int8[],
                               ${tx.array(pay.succeeded)}::bool[], ${tx.array(pay.failureReason)}::text[])`,
        tx`
          UPDATE orders o SET status = d.status::order_status, payment_id = d.payment_id, reason = d.reason, payment_due_at = NULL,
                 node_id = ${nodeId}, updated_at = ${now.toISOString()}::timestamptz, version = o.version + 1
          FROM unnest(${tx.array(c.map((o) => o.orderId))}::text[], ${tx.array(c.map((o) => o.status))}::text[],
                      ${tx.array(c.map((o) => o.paymentId))}::text[], ${tx.array(c.map((o) => o.reason))}::text[]) AS d(order_id, status, payment_id, reason)
          WHERE o.order_id = d.order_id AND o.status = ANY(${tx.array(PAYABLE)}::order_status[])`,
      ];
      if (paid.length > 0) {
        writes.push(tx`
          INSERT INTO outbox (id, order_id, kind, traceparent)
          SELECT 'ship-' || d.order_id, d.order_id, 'ship-order', d.traceparent
          FROM unnest(${tx.array(paid.map((o) => o.orderId))}::text[], ${tx.array(paid.map((o) => o.traceparent))}::text[]) AS d(order_id, traceparent)`);
      }
      if (freed.length > 0) {
        const w = tx.array(freed.map((f) => f.warehouseId));
        const s = tx.array(freed.map((f) => f.sku));
        // Locked in (warehouse_id, sku) order first, as every transaction that moves stock does.
        writes.push(
          tx`
            SELECT 1 FROM inventory i JOIN unnest(${w}::text[], ${s}::text[]) AS d(warehouse_id, sku) USING (warehouse_id, sku)
            ORDER BY i.warehouse_id, i.sku FOR UPDATE OF i`,
          tx`
            UPDATE inventory i SET reserved = i.reserved - d.quantity, updated_at = now()
            FROM unnest(${w}::text[], ${s}::text[], ${tx.array(freed.map((f) => f.quantity))}::int8[]) AS d(warehouse_id, sku, quantity)
            WHERE i.warehouse_id = d.warehouse_id AND i.sku = d.sku`,
        );
      }
      // Sent together on the transaction's connection: one round trip for the batch's writes.
      await Promise.all(writes);
    }
    return outcomes;
  });
}
