import { toProtoStatus } from '#lib/orders/index.js';
import type { Order } from '#lib/proto/index.js';
import type { OrderEvent } from '#lib/proto/index.js';
import type { Stats } from '#lib/proto/index.js';
import type { StockLevel } from '#lib/proto/index.js';
import { toTimestamp } from '#lib/proto/index.js';
import type { StockLevelRecord } from '../inventory/inventory-store.js';
import type { StatsRecord } from '../orders/stats-query.js';
import type { TimelineEvent } from '../orders/order-timeline.js';
import type { OrderStatus } from '../orders/order-record.js';
import { traceIdOfTraceparent, type OrderRecord } from '../orders/order-record.js';

/** An order record as the API's Order message. */
export function toProtoOrder(o: OrderRecord): Order {
  return {
    orderId: o.orderId,
    requestId: o.requestId,
    customerName: o.customerName,
    region: o.region,
    status: toProtoStatus(o.status),
    warehouseId: o.warehouseId,
    nodeId: o.nodeId,
    items: o.items.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceCents: l.unitPriceCents, lineTotalCents: l.quantity * l.unitPriceCents })),
    totalCents: o.totalCents,
    paymentId: o.paymentId,
    reason: o.reason,
    createdAt: toTimestamp(o.createdAt),
    updatedAt: toTimestamp(o.updatedAt),
    traceId: traceIdOfTraceparent(o.traceparent),
    shipmentId: o.shipmentId,
  };
}

/** A step of an order's story as the API's OrderEvent. */
export function toProtoOrderEvent(e: TimelineEvent): OrderEvent {
  return {
    ...(e.at ? { at: toTimestamp(e.at) } : {}),
    status: e.status ? toProtoStatus(e.status) : 'ORDER_STATUS_UNSPECIFIED',
    kind: e.kind,
    nodeId: e.nodeId,
    detail: e.detail,
  };
}

/** A stock level record as the API's StockLevel message. */
export function toProtoStock(s: StockLevelRecord): StockLevel {
  return { ...s };
}

/** Aggregated statistics as the API's Stats message. */
export function toProtoStats(s: StatsRecord): Stats {
  const byStatus = (rows: StatsRecord['ordersByStatus']) => rows.map((r) => ({ status: toProtoStatus(r.status as OrderStatus), count: r.count }));
  return { sales: s.sales, ordersByStatus: byStatus(s.ordersByStatus), nodes: s.nodes.map((n) => ({ nodeId: n.nodeId, ordersByStatus: byStatus(n.ordersByStatus) })) };
}
