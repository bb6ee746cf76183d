// Original file: proto/ordermesh/v1/control_plane.proto

import type { NodeState as _ordermesh_v1_NodeState, NodeState__Output as _ordermesh_v1_NodeState__Output } from '../../ordermesh/v1/NodeState.js';
import type { Long } from '@grpc/proto-loader';

export interface DrainNodeResponse {
  'nodeId'?: (string);
  'state'?: (_ordermesh_v1_NodeState);
  /**
   * The epoch of the assignment that marked the node DRAINING.
   */
  'epoch'?: (number | string | Long);
}

export interface DrainNodeResponse__Output {
  'nodeId': (string);
  'state': (_ordermesh_v1_NodeState__Output);
  /**
   * The epoch of the assignment that marked the node DRAINING.
   */
  'epoch': (number);
}
