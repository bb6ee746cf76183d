/** Order statuses (ARCHITECTURE.md, Orders). */
export type OrderStatus = 'RESERVED' | 'REJECTED' | 'PAID' | 'FULFILLING' | 'SHIPPED' | 'CANCELLED';

/** All statuses, in lifecycle order. */
export const ORDER_STATUSES: readonly OrderStatus[] = ['RESERVED', 'REJECTED', 'PAID', 'FULFILLING', 'SHIPPED', 'CANCELLED'];

/** Final statuses: nothing more happens to such an order. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['REJECTED', 'SHIPPED', 'CANCELLED']);

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
