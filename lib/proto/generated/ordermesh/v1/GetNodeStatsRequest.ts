// Original file: proto/ordermesh/v1/node.proto


export interface GetNodeStatsRequest {
  /**
   * Only this home region ("" for all).
   */
  'region'?: (string);
}

export interface GetNodeStatsRequest__Output {
  /**
   * Only this home region ("" for all).
   */
  'region': (string);
}
