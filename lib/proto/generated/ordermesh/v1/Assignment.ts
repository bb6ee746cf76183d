// Original file: proto/ordermesh/v1/control_plane.proto

import type { RegionAssignment as _ordermesh_v1_RegionAssignment, RegionAssignment__Output as _ordermesh_v1_RegionAssignment__Output } from '../../ordermesh/v1/RegionAssignment.js';
import type { NodeAssignment as _ordermesh_v1_NodeAssignment, NodeAssignment__Output as _ordermesh_v1_NodeAssignment__Output } from '../../ordermesh/v1/NodeAssignment.js';
import type { RingParameters as _ordermesh_v1_RingParameters, RingParameters__Output as _ordermesh_v1_RingParameters__Output } from '../../ordermesh/v1/RingParameters.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface Assignment {
  /**
   * Increases by one with every published change.
   */
  'epoch'?: (number | string | Long);
  /**
   * The control-plane replica that published it.
   */
  'leader'?: (string);
  'regions'?: (_ordermesh_v1_RegionAssignment)[];
  'nodes'?: (_ordermesh_v1_NodeAssignment)[];
  'ring'?: (_ordermesh_v1_RingParameters | null);
  'publishedAt'?: (_google_protobuf_Timestamp | null);
}

export interface Assignment__Output {
  /**
   * Increases by one with every published change.
   */
  'epoch': (number);
  /**
   * The control-plane replica that published it.
   */
  'leader': (string);
  'regions': (_ordermesh_v1_RegionAssignment__Output)[];
  'nodes': (_ordermesh_v1_NodeAssignment__Output)[];
  'ring': (_ordermesh_v1_RingParameters__Output | null);
  'publishedAt': (_google_protobuf_Timestamp__Output | null);
}
