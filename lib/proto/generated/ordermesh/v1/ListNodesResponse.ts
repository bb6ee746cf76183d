// Original file: proto/ordermesh/v1/control_plane.proto

import type { NodeInfo as _ordermesh_v1_NodeInfo, NodeInfo__Output as _ordermesh_v1_NodeInfo__Output } from '../../ordermesh/v1/NodeInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface ListNodesResponse {
  'nodes'?: (_ordermesh_v1_NodeInfo)[];
  'epoch'?: (number | string | Long);
  'leader'?: (string);
  /**
   * host:port of the answering control-plane replica's Prometheus endpoint; empty when it serves none.
   */
  'metricsAddress'?: (string);
}

export interface ListNodesResponse__Output {
  'nodes': (_ordermesh_v1_NodeInfo__Output)[];
  'epoch': (number);
  'leader': (string);
  /**
   * host:port of the answering control-plane replica's Prometheus endpoint; empty when it serves none.
   */
  'metricsAddress': (string);
}
