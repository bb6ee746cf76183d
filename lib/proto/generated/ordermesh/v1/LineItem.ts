// Original file: proto/ordermesh/v1/order.proto


/**
 * One line of an order request.
 */
export interface LineItem {
  /**
   * Stock-keeping unit, e.g. "SKU-0001": 1 to 64 characters of A-Z, a-z, 0-9, '-', '_', '.'.
   */
  'sku'?: (string);
  /**
   * Units wanted, 1 to 10000.
   */
  'quantity'?: (number);
}

/**
 * One line of an order request.
 */
export interface LineItem__Output {
  /**
   * Stock-keeping unit, e.g. "SKU-0001": 1 to 64 characters of A-Z, a-z, 0-9, '-', '_', '.'.
   */
  'sku': (string);
  /**
   * Units wanted, 1 to 10000.
   */
  'quantity': (number);
}
