// Original file: proto/ordermesh/v1/stats.proto

import type { OrderStatus as _ordermesh_v1_OrderStatus, OrderStatus__Output as _ordermesh_v1_OrderStatus__Output } from '../../ordermesh/v1/OrderStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface StatusCount {
  'status'?: (_ordermesh_v1_OrderStatus);
  'count'?: (number | string | Long);
}

export interface StatusCount__Output {
  'status': (_ordermesh_v1_OrderStatus__Output);
  'count': (number);
}
