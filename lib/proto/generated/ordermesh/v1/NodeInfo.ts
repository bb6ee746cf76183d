// Original file: proto/ordermesh/v1/control_plane.proto

import type { NodeState as _ordermesh_v1_NodeState, NodeState__Output as _ordermesh_v1_NodeState__Output } from '../../ordermesh/v1/NodeState.js';
import type { NodeLoad as _ordermesh_v1_NodeLoad, NodeLoad__Output as _ordermesh_v1_NodeLoad__Output } from '../../ordermesh/v1/NodeLoad.js';
import type { LeaseInfo as _ordermesh_v1_LeaseInfo, LeaseInfo__Output as _ordermesh_v1_LeaseInfo__Output } from '../../ordermesh/v1/LeaseInfo.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

export interface NodeInfo {
  'nodeId'?: (string);
  'region'?: (string);
  'address'?: (string);
  'state'?: (_ordermesh_v1_NodeState);
  'load'?: (_ordermesh_v1_NodeLoad | null);
  'lease'?: (_ordermesh_v1_LeaseInfo | null);
  'version'?: (string);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'ringShare'?: (number | string);
  /**
   * host:port of the node's Prometheus endpoint (http://host:port/metrics); empty when it serves none.
   */
  'metricsAddress'?: (string);
}

export interface NodeInfo__Output {
  'nodeId': (string);
  'region': (string);
  'address': (string);
  'state': (_ordermesh_v1_NodeState__Output);
  'load': (_ordermesh_v1_NodeLoad__Output | null);
  'lease': (_ordermesh_v1_LeaseInfo__Output | null);
  'version': (string);
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  'ringShare': (number);
  /**
   * host:port of the node's Prometheus endpoint (http://host:port/metrics); empty when it serves none.
   */
  'metricsAddress': (string);
}
