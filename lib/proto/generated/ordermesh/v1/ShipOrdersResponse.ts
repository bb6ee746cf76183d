// Original file: proto/ordermesh/v1/fulfillment.proto

import type { ShipOrdersResult as _ordermesh_v1_ShipOrdersResult, ShipOrdersResult__Output as _ordermesh_v1_ShipOrdersResult__Output } from '../../ordermesh/v1/ShipOrdersResult.js';

export interface ShipOrdersResponse {
  /**
   * One result per order, in the order of the request.
   */
  'results'?: (_ordermesh_v1_ShipOrdersResult)[];
}

export interface ShipOrdersResponse__Output {
  /**
   * One result per order, in the order of the request.
   */
  'results': (_ordermesh_v1_ShipOrdersResult__Output)[];
}
