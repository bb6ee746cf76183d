// Original file: proto/ordermesh/v1/inventory.proto

import type { Long } from '@grpc/proto-loader';

export interface StockUpdate {
  'sku'?: (string);
  /**
   * Units in the warehouse (reserved ones included), 0 to 1000000000; with ADD, units to add.
   */
  'onHand'?: (number | string | Long);
  /**
   * Price of one unit, in integer cents, 0 to 100000000000. 0 keeps the current price of a
   * sku the warehouse already has.
   */
  'unitPriceCents'?: (number | string | Long);
}

export interface StockUpdate__Output {
  'sku': (string);
  /**
   * Units in the warehouse (reserved ones included), 0 to 1000000000; with ADD, units to add.
   */
  'onHand': (number);
  /**
   * Price of one unit, in integer cents, 0 to 100000000000. 0 keeps the current price of a
   * sku the warehouse already has.
   */
  'unitPriceCents': (number);
}
