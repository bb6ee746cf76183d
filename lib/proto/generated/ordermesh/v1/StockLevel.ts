// Original file: proto/ordermesh/v1/inventory.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Stock of one sku at one warehouse.
 */
export interface StockLevel {
  'warehouseId'?: (string);
  'sku'?: (string);
  /**
   * Units in the warehouse, reserved ones included.
   */
  'onHand'?: (number | string | Long);
  /**
   * Units held for RESERVED, PAID and FULFILLING orders.
   */
  'reserved'?: (number | string | Long);
  /**
   * on_hand - reserved: what new orders can take.
   */
  'available'?: (number | string | Long);
  'unitPriceCents'?: (number | string | Long);
  /**
   * Units that left this warehouse in shipped orders.
   */
  'shipped'?: (number | string | Long);
}

/**
 * Stock of one sku at one warehouse.
 */
export interface StockLevel__Output {
  'warehouseId': (string);
  'sku': (string);
  /**
   * Units in the warehouse, reserved ones included.
   */
  'onHand': (number);
  /**
   * Units held for RESERVED, PAID and FULFILLING orders.
   */
  'reserved': (number);
  /**
   * on_hand - reserved: what new orders can take.
   */
  'available': (number);
  'unitPriceCents': (number);
  /**
   * Units that left this warehouse in shipped orders.
   */
  'shipped': (number);
}
