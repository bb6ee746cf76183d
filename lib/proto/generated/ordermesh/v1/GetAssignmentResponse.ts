// Original file: proto/ordermesh/v1/control_plane.proto

import type { Assignment as _ordermesh_v1_Assignment, Assignment__Output as _ordermesh_v1_Assignment__Output } from '../../ordermesh/v1/Assignment.js';

export interface GetAssignmentResponse {
  'assignment'?: (_ordermesh_v1_Assignment | null);
}

export interface GetAssignmentResponse__Output {
  'assignment': (_ordermesh_v1_Assignment__Output | null);
}
