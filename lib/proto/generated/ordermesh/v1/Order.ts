// Original file: proto/ordermesh/v1/order.proto

import type { OrderStatus as _ordermesh_v1_OrderStatus, OrderStatus__Output as _ordermesh_v1_OrderStatus__Output } from '../../ordermesh/v1/OrderStatus.js';
import type { OrderItem as _ordermesh_v1_OrderItem, OrderItem__Output as _ordermesh_v1_OrderItem__Output } from '../../ordermesh/v1/OrderItem.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

/**
 * An order and where it stands.
 */
export interface Order {
  /**
   * "<REGION>-<ULID>", e.g. "HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB". The prefix is the home region.
   */
  'orderId'?: (string);
  /**
   * The idempotency key the order was created with ("" when none was given).
   */
  'requestId'?: (string);
  'customerName'?: (string);
  /**
   * Home region, e.g. "HCM".
   */
  'region'?: (string);
  'status'?: (_ordermesh_v1_OrderStatus);
  /**
   * The warehouse that reserved the items ("" when REJECTED).
   */
  'warehouseId'?: (string);
  /**
   * The warehouse node that handled the last change.
   */
  'nodeId'?: (string);
  'items'?: (_ordermesh_v1_OrderItem)[];
  /**
   * Sum of the line totals, in integer cents; what ConfirmPayment must pay.
   */
  'totalCents'?: (number | string | Long);
  /**
   * The payment that paid the order ("" until PAID).
   */
  'paymentId'?: (string);
  /**
   * Why the order was REJECTED or CANCELLED ("" otherwise).
   */
  'reason'?: (string);
  'createdAt'?: (_google_protobuf_Timestamp | null);
  'updatedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * The W3C trace id of the order's trace ("" when tracing was off).
   */
  'traceId'?: (string);
  /**
   * The shipment that carried the order ("" until SHIPPED).
   */
  'shipmentId'?: (string);
}

/**
 * An order and where it stands.
 */
export interface Order__Output {
  /**
   * "<REGION>-<ULID>", e.g. "HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB". The prefix is the home region.
   */
  'orderId': (string);
  /**
   * The idempotency key the order was created with ("" when none was given).
   */
  'requestId': (string);
  'customerName': (string);
  /**
   * Home region, e.g. "HCM".
   */
  'region': (string);
  'status': (_ordermesh_v1_OrderStatus__Output);
  /**
   * The warehouse that reserved the items ("" when REJECTED).
   */
  'warehouseId': (string);
  /**
   * The warehouse node that handled the last change.
   */
  'nodeId': (string);
  'items': (_ordermesh_v1_OrderItem__Output)[];
  /**
   * Sum of the line totals, in integer cents; what ConfirmPayment must pay.
   */
  'totalCents': (number);
  /**
   * The payment that paid the order ("" until PAID).
   */
  'paymentId': (string);
  /**
   * Why the order was REJECTED or CANCELLED ("" otherwise).
   */
  'reason': (string);
  'createdAt': (_google_protobuf_Timestamp__Output | null);
  'updatedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * The W3C trace id of the order's trace ("" when tracing was off).
   */
  'traceId': (string);
  /**
   * The shipment that carried the order ("" until SHIPPED).
   */
  'shipmentId': (string);
}
