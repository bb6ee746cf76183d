// Original file: proto/ordermesh/v1/order.proto


export interface GetOrderRequest {
  /**
   * "<REGION>-<ULID>".
   */
  'orderId'?: (string);
}

export interface GetOrderRequest__Output {
  /**
   * "<REGION>-<ULID>".
   */
  'orderId': (string);
}
