// Original file: proto/ordermesh/v1/fulfillment.proto

import type { ShipOrderRequest as _ordermesh_v1_ShipOrderRequest, ShipOrderRequest__Output as _ordermesh_v1_ShipOrderRequest__Output } from '../../ordermesh/v1/ShipOrderRequest.js';

export interface ShipOrdersRequest {
  /**
   * 1 to 1000 orders.
   */
  'orders'?: (_ordermesh_v1_ShipOrderRequest)[];
}

export interface ShipOrdersRequest__Output {
  /**
   * 1 to 1000 orders.
   */
  'orders': (_ordermesh_v1_ShipOrderRequest__Output)[];
}
