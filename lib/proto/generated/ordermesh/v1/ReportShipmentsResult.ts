// Original file: proto/ordermesh/v1/order.proto


/**
 * The answer to one report of a batch: what ReportShipment would have answered.
 */
export interface ReportShipmentsResult {
  'orderId'?: (string);
  /**
   * A google.rpc.Code: 0 (OK) when the order is SHIPPED by this shipment; otherwise the status
   * ReportShipment would have returned (e.g. 9 FAILED_PRECONDITION, 14 UNAVAILABLE: retry).
   */
  'statusCode'?: (number);
  /**
   * Empty when status_code is 0; otherwise the error, a sentence naming the field or the cause.
   */
  'statusMessage'?: (string);
}

/**
 * The answer to one report of a batch: what ReportShipment would have answered.
 */
export interface ReportShipmentsResult__Output {
  'orderId': (string);
  /**
   * A google.rpc.Code: 0 (OK) when the order is SHIPPED by this shipment; otherwise the status
   * ReportShipment would have returned (e.g. 9 FAILED_PRECONDITION, 14 UNAVAILABLE: retry).
   */
  'statusCode': (number);
  /**
   * Empty when status_code is 0; otherwise the error, a sentence naming the field or the cause.
   */
  'statusMessage': (string);
}
