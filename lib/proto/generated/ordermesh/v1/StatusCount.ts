// Original file: proto/ordermesh/v1/stats.proto

import type { Long } from '@grpc/proto-loader';

export interface StatusCount {
  'status'?: (string);
  'count'?: (number | string | Long);
}

export interface StatusCount__Output {
  'status': (string);
  'count': (number);
}
