// Original file: proto/ordermesh/v1/node.proto

import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from '../../ordermesh/v1/Order.js';
import type { OrderEvent as _ordermesh_v1_OrderEvent, OrderEvent__Output as _ordermesh_v1_OrderEvent__Output } from '../../ordermesh/v1/OrderEvent.js';

export interface GetOrderHistoryResponse {
  'order'?: (_ordermesh_v1_Order | null);
  /**
   * Oldest first.
   */
  'events'?: (_ordermesh_v1_OrderEvent)[];
}

export interface GetOrderHistoryResponse__Output {
  'order': (_ordermesh_v1_Order__Output | null);
  /**
   * Oldest first.
   */
  'events': (_ordermesh_v1_OrderEvent__Output)[];
}
