import type { OrderStatus } from '#lib/orders/index.js';

export { FINAL_STATUSES, ORDER_STATUSES, type OrderStatus } from '#lib/orders/index.js';

/** One priced line of an order. */
export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order as the warehouse stores it. */
export interface OrderRecord {
  orderId: string;
  requestId: string;
  customerName: string;
  region: string;
  status: OrderStatus;
  warehouseId: string;
  nodeId: string;
  items: OrderLine[];
  totalCents: number;
  paymentId: string;
  shipmentId: string;
  reason: string;
  fingerprint: string;
  traceparent: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The trace id inside a W3C traceparent (`00-<trace id>-<span id>-<flags>`), or ''. */
export function traceIdOfTraceparent(traceparent: string): string {
  return traceparent.split('-')[1] ?? '';
}
