// Original file: proto/ordermesh/v1/order.proto

import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from '../../ordermesh/v1/Order.js';

export interface CreateOrderResponse {
  /**
   * The order: RESERVED, or REJECTED with the reason.
   */
  'order'?: (_ordermesh_v1_Order | null);
}

export interface CreateOrderResponse__Output {
  /**
   * The order: RESERVED, or REJECTED with the reason.
   */
  'order': (_ordermesh_v1_Order__Output | null);
}
