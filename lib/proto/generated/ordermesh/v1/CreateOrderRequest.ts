// Original file: proto/ordermesh/v1/order.proto

import type { LineItem as _ordermesh_v1_LineItem, LineItem__Output as _ordermesh_v1_LineItem__Output } from '../../ordermesh/v1/LineItem.js';

export interface CreateOrderRequest {
  /**
   * Optional idempotency key, up to 128 characters. Repeating it returns the same order.
   */
  'requestId'?: (string);
  /**
   * The customer's name, 1 to 200 characters.
   */
  'customerName'?: (string);
  /**
   * The home region: one of the topology's region codes (default HCM, HN, DN).
   */
  'region'?: (string);
  /**
   * 1 to 50 lines, each sku at most once.
   */
  'items'?: (_ordermesh_v1_LineItem)[];
}

export interface CreateOrderRequest__Output {
  /**
   * Optional idempotency key, up to 128 characters. Repeating it returns the same order.
   */
  'requestId': (string);
  /**
   * The customer's name, 1 to 200 characters.
   */
  'customerName': (string);
  /**
   * The home region: one of the topology's region codes (default HCM, HN, DN).
   */
  'region': (string);
  /**
   * 1 to 50 lines, each sku at most once.
   */
  'items': (_ordermesh_v1_LineItem__Output)[];
}
