// Original file: proto/ordermesh/v1/control_plane.proto

import type { Assignment as _ordermesh_v1_Assignment, Assignment__Output as _ordermesh_v1_Assignment__Output } from '../../ordermesh/v1/Assignment.js';

export interface WatchAssignmentResponse {
  /**
   * The current assignment first, then each newer one.
   */
  'assignment'?: (_ordermesh_v1_Assignment | null);
}

export interface WatchAssignmentResponse__Output {
  /**
   * The current assignment first, then each newer one.
   */
  'assignment': (_ordermesh_v1_Assignment__Output | null);
}
