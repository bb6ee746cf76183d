// Original file: proto/ordermesh/v1/fulfillment.proto

import type { OrderItem as _ordermesh_v1_OrderItem, OrderItem__Output as _ordermesh_v1_OrderItem__Output } from '../../ordermesh/v1/OrderItem.js';

export interface ShipOrderRequest {
  'orderId'?: (string);
  /**
   * The sender's idempotency key for this delivery (the outbox row id).
   */
  'idempotencyKey'?: (string);
  'warehouseId'?: (string);
  'items'?: (_ordermesh_v1_OrderItem)[];
  /**
   * Optional W3C trace context (a `traceparent` value) of the order's trace, so that the
   * backend's work on an order sent in a batch joins that order's trace.
   */
  'traceparent'?: (string);
}

export interface ShipOrderRequest__Output {
  'orderId': (string);
  /**
   * The sender's idempotency key for this delivery (the outbox row id).
   */
  'idempotencyKey': (string);
  'warehouseId': (string);
  'items': (_ordermesh_v1_OrderItem__Output)[];
  /**
   * Optional W3C trace context (a `traceparent` value) of the order's trace, so that the
   * backend's work on an order sent in a batch joins that order's trace.
   */
  'traceparent': (string);
}
