// Original file: proto/ordermesh/v1/order.proto

import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from '../../ordermesh/v1/Order.js';

export interface ReportShipmentResponse {
  /**
   * The order, now SHIPPED.
   */
  'order'?: (_ordermesh_v1_Order | null);
}

export interface ReportShipmentResponse__Output {
  /**
   * The order, now SHIPPED.
   */
  'order': (_ordermesh_v1_Order__Output | null);
}
