// Original file: proto/ordermesh/v1/stats.proto

import type { Long } from '@grpc/proto-loader';

export interface SkuSales {
  'sku'?: (string);
  'region'?: (string);
  /**
   * Revenue of paid orders (PAID, FULFILLING, SHIPPED), in integer cents.
   */
  'revenueCents'?: (number | string | Long);
  'quantity'?: (number | string | Long);
  /**
   * revenue_cents / quantity, rounded.
   */
  'meanPriceCents'?: (number | string | Long);
}

export interface SkuSales__Output {
  'sku': (string);
  'region': (string);
  /**
   * Revenue of paid orders (PAID, FULFILLING, SHIPPED), in integer cents.
   */
  'revenueCents': (number);
  'quantity': (number);
  /**
   * revenue_cents / quantity, rounded.
   */
  'meanPriceCents': (number);
}
