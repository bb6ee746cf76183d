// Original file: proto/ordermesh/v1/node.proto


export interface GetOrderHistoryRequest {
  /**
   * "<REGION>-<ULID>".
   */
  'orderId'?: (string);
}

export interface GetOrderHistoryRequest__Output {
  /**
   * "<REGION>-<ULID>".
   */
  'orderId': (string);
}
