// Original file: proto/ordermesh/v1/order.proto


export interface CancelOrderRequest {
  'orderId'?: (string);
  /**
   * Why, up to 500 characters; kept in Order.reason.
   */
  'reason'?: (string);
}

export interface CancelOrderRequest__Output {
  'orderId': (string);
  /**
   * Why, up to 500 characters; kept in Order.reason.
   */
  'reason': (string);
}
