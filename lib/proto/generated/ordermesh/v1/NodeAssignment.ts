// Original file: proto/ordermesh/v1/control_plane.proto

import type { NodeState as _ordermesh_v1_NodeState, NodeState__Output as _ordermesh_v1_NodeState__Output } from '../../ordermesh/v1/NodeState.js';

export interface NodeAssignment {
  'nodeId'?: (string);
  'region'?: (string);
  'address'?: (string);
  'state'?: (_ordermesh_v1_NodeState);
  /**
   * The node's share of its region's ring, 0 to 1.
   */
  'ringShare'?: (number | string);
}

export interface NodeAssignment__Output {
  'nodeId': (string);
  'region': (string);
  'address': (string);
  'state': (_ordermesh_v1_NodeState__Output);
  /**
   * The node's share of its region's ring, 0 to 1.
   */
  'ringShare': (number);
}
