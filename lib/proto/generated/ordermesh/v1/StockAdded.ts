// Original file: proto/ordermesh/v1/fulfillment.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Units of one sku the simulator put into one warehouse (initial stock and restocks).
 */
export interface StockAdded {
  'warehouseId'?: (string);
  'sku'?: (string);
  'units'?: (number | string | Long);
}

/**
 * Units of one sku the simulator put into one warehouse (initial stock and restocks).
 */
export interface StockAdded__Output {
  'warehouseId': (string);
  'sku': (string);
  'units': (number);
}
