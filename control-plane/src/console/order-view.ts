import { timestampMs } from '#lib/proto/index.js';
import type { Timestamp__Output } from '#lib/proto/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import type { OrderEvent__Output as ProtoOrderEvent__Output } from '#lib/proto/index.js';

/** One step of an order's story. */
export interface OrderEvent {
  /** When it happened (ISO 8601), null when the database keeps no time for it. */
  at: string | null;
  /** The status the order reached, or what happened when it changed none (e.g. 'DELIVERY'). */
  what: string;
  /** The node that made the change, when known. */
  nodeId: string | null;
  detail: string;
}

/** An order as the console's search shows it. */
export interface OrderView {
  orderId: string;
  status: string;
  region: string;
  customerName: string;
  warehouseId: string;
  nodeId: string;
  totalCents: number;
  items: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
  paymentId: string;
  shipmentId: string;
  reason: string;
  createdAt: string | null;
  updatedAt: string | null;
  traceId: string;
  /** Link to the order's trace in Jaeger's UI, null when the order has no trace id. */
  traceUrl: string | null;
  /** Oldest first. */
  history: OrderEvent[];
}

/** A protobuf Timestamp as ISO 8601 (null when unset). */
export function timestampToIso(ts: Timestamp__Output | null | undefined): string | null {
  const ms = timestampMs(ts);
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** The API's status name without its enum prefix: 'ORDER_STATUS_PAID' → 'PAID'. */
export function shortStatus(status: unknown): string {
  return String(status).replace(/^ORDER_STATUS_/, '');
}

/** An order and its story (GetOrderHistory) as the console shows them, with its trace link. */
export function orderView(order: Order__Output, events: readonly ProtoOrderEvent__Output[], jaegerUiUrl: string): OrderView {
  const history = events.map(
    (e): OrderEvent => ({
      at: timestampToIso(e.at),
      what: e.status === 'ORDER_STATUS_UNSPECIFIED' ? e.kind.toUpperCase() : shortStatus(e.status),
      nodeId: e.nodeId || null,
      detail: e.detail,
    }),
  );
  return {
    orderId: order.orderId,
    status: shortStatus(order.status),
    region: order.region,
    customerName: order.customerName,
    warehouseId: order.warehouseId,
    nodeId: order.nodeId,
    totalCents: Number(order.totalCents),
    items: order.items.map((i) => ({ sku: i.sku, quantity: Number(i.quantity), unitPriceCents: Number(i.unitPriceCents) })),
    paymentId: order.paymentId,
    shipmentId: order.shipmentId,
    reason: order.reason,
    createdAt: timestampToIso(order.createdAt),
    updatedAt: timestampToIso(order.updatedAt),
    traceId: order.traceId,
    traceUrl: order.traceId ? `${jaegerUiUrl}/trace/${encodeURIComponent(order.traceId)}` : null,
    history,
  };
}
