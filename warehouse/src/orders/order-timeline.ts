import type { OrderStatus } from '#lib/orders/index.js';
import type { OrderHistoryRows } from './order-history-query.js';
import type { OrderRecord } from './order-record.js';

/** One step of an order's story (the API's OrderEvent). */
export interface TimelineEvent {
  /** Undefined when the database keeps no time for it. */
  at: Date | undefined;
  /** The status the order reached with it; undefined when it changed none. */
  status: OrderStatus | undefined;
  kind: 'created' | 'payment' | 'delivery' | 'shipment' | 'cancellation';
  /** The node that made the change, when recorded ('' otherwise). */
  nodeId: string;
  detail: string;
}

const money = (cents: number): string => (cents / 100).toFixed(2);

/**
 * An order's story from what the database records (pure: no SQL, testable alone):
 * - created: RESERVED at a warehouse, or REJECTED with the reason, at created_at;
 * - each payment callback at its time: the one the order records (payment_id) made it PAID, or
 *   CANCELLED it when it failed; any other changed nothing (e.g. one after a cancellation);
 * - the delivery to wms-sim: FULFILLING at delivered_at, or still being retried (attempts,
 *   last error, next attempt);
 * - SHIPPED (shipment id) or CANCELLED (reason) at updated_at, when no payment explains it.
 * The orders table keeps only the last change's node, so only the event that reached the
 * current status names a node.
 */
export function orderTimeline(order: OrderRecord, rows: OrderHistoryRows): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const rejected = order.status === 'REJECTED';
  events.push({
    at: order.createdAt,
    status: rejected ? 'REJECTED' : 'RESERVED',
    kind: 'created',
    nodeId: '',
    detail: rejected ? `rejected: ${order.reason}` : `stock reserved at ${order.warehouseId} for ${money(order.totalCents)}`,
  });
  // The order records the payment that decided it (paid, or cancelled by its failure).
  let cancelledByPayment = false;
  for (const p of rows.payments) {
    const deciding = p.paymentId === order.paymentId;
    if (deciding && p.succeeded) {
      events.push({ at: p.createdAt, status: 'PAID', kind: 'payment', nodeId: '', detail: `payment ${p.paymentId} of ${money(p.amountCents)} succeeded` });
    } else if (deciding) {
      cancelledByPayment = true;
      events.push({ at: p.createdAt, status: 'CANCELLED', kind: 'payment', nodeId: '', detail: `payment ${p.paymentId} failed${p.failureReason ? `: ${p.failureReason}` : ''}` });
    } else {
      events.push({ at: p.createdAt, status: undefined, kind: 'payment', nodeId: '', detail: `payment ${p.paymentId} ${p.succeeded ? 'succeeded' : 'failed'} but changed nothing (the order was no longer awaiting payment)` });
    }
  }
  const d = rows.delivery;
  if (d?.deliveredAt) {
    events.push({ at: d.deliveredAt, status: 'FULFILLING', kind: 'delivery', nodeId: '', detail: `handed to wms-sim after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}` });
  } else if (d) {
    events.push({
      at: undefined,
      status: undefined,
      kind: 'delivery',
      nodeId: '',
      detail: `delivery to wms-sim pending: ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} so far${d.lastError ? `, last error: ${d.lastError}` : ''}; next at ${d.nextAttemptAt.toISOString()}`,
    });
  }
  if (order.status === 'SHIPPED') {
    events.push({ at: order.updatedAt, status: 'SHIPPED', kind: 'shipment', nodeId: '', detail: `shipment ${order.shipmentId}` });
  } else if (order.status === 'CANCELLED' && !cancelledByPayment) {
    events.push({ at: order.updatedAt, status: 'CANCELLED', kind: 'cancellation', nodeId: '', detail: order.reason });
  }
  // The node of the last change is the one recorded with the order.
  const last = [...events].reverse().find((e) => e.status === order.status);
  if (last) last.nodeId = order.nodeId;
  return events;
}
