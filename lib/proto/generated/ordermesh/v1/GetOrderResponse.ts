// Original file: proto/ordermesh/v1/order.proto

import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from '../../ordermesh/v1/Order.js';

export interface GetOrderResponse {
  'order'?: (_ordermesh_v1_Order | null);
}

export interface GetOrderResponse__Output {
  'order': (_ordermesh_v1_Order__Output | null);
}
