// Original file: proto/ordermesh/v1/node.proto

import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from '../../ordermesh/v1/NodeStatus.js';

export interface GetStatusResponse {
  'status'?: (_ordermesh_v1_NodeStatus | null);
}

export interface GetStatusResponse__Output {
  'status': (_ordermesh_v1_NodeStatus__Output | null);
}
