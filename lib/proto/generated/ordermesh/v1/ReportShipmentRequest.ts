// Original file: proto/ordermesh/v1/order.proto

import type { OrderStatus as _ordermesh_v1_OrderStatus, OrderStatus__Output as _ordermesh_v1_OrderStatus__Output } from '../../ordermesh/v1/OrderStatus.js';

export interface ReportShipmentRequest {
  'orderId'?: (string);
  /**
   * The backend's shipment id, 1 to 128 characters.
   */
  'shipmentId'?: (string);
  /**
   * The only status a warehouse-management backend reports: ORDER_STATUS_SHIPPED.
   */
  'status'?: (_ordermesh_v1_OrderStatus);
  /**
   * Optional W3C trace context (a `traceparent` value) of the order's trace, so that a report
   * sent in a batch still joins its own order's trace; empty: the call's context.
   */
  'traceparent'?: (string);
}

export interface ReportShipmentRequest__Output {
  'orderId': (string);
  /**
   * The backend's shipment id, 1 to 128 characters.
   */
  'shipmentId': (string);
  /**
   * The only status a warehouse-management backend reports: ORDER_STATUS_SHIPPED.
   */
  'status': (_ordermesh_v1_OrderStatus__Output);
  /**
   * Optional W3C trace context (a `traceparent` value) of the order's trace, so that a report
   * sent in a batch still joins its own order's trace; empty: the call's context.
   */
  'traceparent': (string);
}
