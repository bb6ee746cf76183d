// Original file: proto/ordermesh/v1/control_plane.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchAssignmentRequest {
  /**
   * Send only assignments with a newer epoch than this (0: start with the current one).
   */
  'afterEpoch'?: (number | string | Long);
}

export interface WatchAssignmentRequest__Output {
  /**
   * Send only assignments with a newer epoch than this (0: start with the current one).
   */
  'afterEpoch': (number);
}
