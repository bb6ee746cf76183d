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
}

export interface ShipOrderRequest__Output {
  'orderId': (string);
  /**
   * The sender's idempotency key for this delivery (the outbox row id).
   */
  'idempotencyKey': (string);
  'warehouseId': (string);
  'items': (_ordermesh_v1_OrderItem__Output)[];
}
