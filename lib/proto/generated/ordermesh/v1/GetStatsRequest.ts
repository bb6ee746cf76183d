// Original file: proto/ordermesh/v1/control_plane.proto


export interface GetStatsRequest {
  /**
   * Only this home region ("" for all).
   */
  'region'?: (string);
}

export interface GetStatsRequest__Output {
  /**
   * Only this home region ("" for all).
   */
  'region': (string);
}
