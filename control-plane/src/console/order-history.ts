import type { Order__Output } from '../../../lib/proto/generated/ordermesh/v1/Order.js';
import { shortStatus, timestampToIso, type OrderEvent } from './order-view.js';

/** The statuses an order passes through on its way to `status`, in order (lib/orders' state machine). */
const PATH: Record<string, string[]> = {
  RESERVED: ['RESERVED'],
  REJECTED: ['REJECTED'],
  PAID: ['RESERVED', 'PAID'],
  FULFILLING: ['RESERVED', 'PAID', 'FULFILLING'],
  SHIPPED: ['RESERVED', 'PAID', 'FULFILLING', 'SHIPPED'],
  CANCELLED: ['RESERVED', 'CANCELLED'],
};

/**
 * An order's story as far as the order itself tells it: created (RESERVED or REJECTED) at its
 * creation time, each status it must have passed through to reach the current one, and the
 * current one at its last update by the node that made it, with the payment and shipment ids
 * and the reason. The orders table keeps the time and node of the first and last change only,
 * so the steps between show without a time (docs/console.md).
 */
export function historyFromOrder(order: Order__Output): OrderEvent[] {
  const status = shortStatus(order.status);
  const path = PATH[status] ?? [status];
  const created = timestampToIso(order.createdAt);
  const updated = timestampToIso(order.updatedAt);
  return path.map((step, i): OrderEvent => {
    const first = i === 0;
    const last = i === path.length - 1;
    return {
      at: first ? created : last ? updated : null,
      what: step,
      nodeId: last ? order.nodeId || null : null,
      detail: detailOf(step, order),
    };
  });
}

function detailOf(step: string, order: Order__Output): string {
  switch (step) {
    case 'RESERVED':
      return order.warehouseId ? `stock reserved at ${order.warehouseId}` : '';
    case 'REJECTED':
    case 'CANCELLED':
      return order.reason;
    case 'PAID':
      return order.paymentId ? `payment ${order.paymentId}` : '';
    case 'FULFILLING':
      return 'handed to wms-sim';
    case 'SHIPPED':
      return order.shipmentId ? `shipment ${order.shipmentId}` : '';
    default:
      return '';
  }
}
