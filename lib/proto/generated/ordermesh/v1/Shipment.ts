// Original file: proto/ordermesh/v1/fulfillment.proto

import type { OrderItem as _ordermesh_v1_OrderItem, OrderItem__Output as _ordermesh_v1_OrderItem__Output } from '../../ordermesh/v1/OrderItem.js';

/**
 * One order the backend accepted.
 */
export interface Shipment {
  'orderId'?: (string);
  'shipmentId'?: (string);
  'warehouseId'?: (string);
  'items'?: (_ordermesh_v1_OrderItem)[];
  /**
   * ShipOrder calls received for this order (1 when no delivery was retried).
   */
  'deliveries'?: (number);
  /**
   * True once ReportShipment(SHIPPED) was acknowledged by ordermesh.
   */
  'reported'?: (boolean);
}

/**
 * One order the backend accepted.
 */
export interface Shipment__Output {
  'orderId': (string);
  'shipmentId': (string);
  'warehouseId': (string);
  'items': (_ordermesh_v1_OrderItem__Output)[];
  /**
   * ShipOrder calls received for this order (1 when no delivery was retried).
   */
  'deliveries': (number);
  /**
   * True once ReportShipment(SHIPPED) was acknowledged by ordermesh.
   */
  'reported': (boolean);
}
