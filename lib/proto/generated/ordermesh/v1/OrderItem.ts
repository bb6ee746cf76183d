// Original file: proto/ordermesh/v1/order.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One line of a placed order, priced at the warehouse that reserved it.
 */
export interface OrderItem {
  'sku'?: (string);
  'quantity'?: (number);
  /**
   * Price of one unit at the reserving warehouse, in integer cents.
   */
  'unitPriceCents'?: (number | string | Long);
  /**
   * quantity * unit_price_cents.
   */
  'lineTotalCents'?: (number | string | Long);
}

/**
 * One line of a placed order, priced at the warehouse that reserved it.
 */
export interface OrderItem__Output {
  'sku': (string);
  'quantity': (number);
  /**
   * Price of one unit at the reserving warehouse, in integer cents.
   */
  'unitPriceCents': (number);
  /**
   * quantity * unit_price_cents.
   */
  'lineTotalCents': (number);
}
