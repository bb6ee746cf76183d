// Original file: proto/ordermesh/v1/node.proto

import type { NodeLoad as _ordermesh_v1_NodeLoad, NodeLoad__Output as _ordermesh_v1_NodeLoad__Output } from '../../ordermesh/v1/NodeLoad.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'nodeId'?: (string);
  'region'?: (string);
  /**
   * host:port this node serves on.
   */
  'address'?: (string);
  /**
   * The newest assignment epoch this node has seen (0 when it runs standalone).
   */
  'epochSeen'?: (number | string | Long);
  'load'?: (_ordermesh_v1_NodeLoad | null);
  /**
   * Orders this node created since it started, and other RPCs it served.
   */
  'ordersCreated'?: (number | string | Long);
  'rpcsServed'?: (number | string | Long);
  'rpcsFailed'?: (number | string | Long);
  /**
   * True when the last database check succeeded.
   */
  'dbHealthy'?: (boolean);
  /**
   * True when the node holds a live etcd lease (false when standalone).
   */
  'etcdHealthy'?: (boolean);
  /**
   * "SERVING", "NOT_SERVING" or "DRAINING".
   */
  'state'?: (string);
  'version'?: (string);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  /**
   * Orders this node owns that still have work: waiting for payment, or in its outbox.
   */
  'pendingTimers'?: (number | string | Long);
  'pendingOutbox'?: (number | string | Long);
}

export interface NodeStatus__Output {
  'nodeId': (string);
  'region': (string);
  /**
   * host:port this node serves on.
   */
  'address': (string);
  /**
   * The newest assignment epoch this node has seen (0 when it runs standalone).
   */
  'epochSeen': (number);
  'load': (_ordermesh_v1_NodeLoad__Output | null);
  /**
   * Orders this node created since it started, and other RPCs it served.
   */
  'ordersCreated': (number);
  'rpcsServed': (number);
  'rpcsFailed': (number);
  /**
   * True when the last database check succeeded.
   */
  'dbHealthy': (boolean);
  /**
   * True when the node holds a live etcd lease (false when standalone).
   */
  'etcdHealthy': (boolean);
  /**
   * "SERVING", "NOT_SERVING" or "DRAINING".
   */
  'state': (string);
  'version': (string);
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * Orders this node owns that still have work: waiting for payment, or in its outbox.
   */
  'pendingTimers': (number);
  'pendingOutbox': (number);
}
