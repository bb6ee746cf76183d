// Original file: proto/ordermesh/v1/control_plane.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DrainNodeRequest as _ordermesh_v1_DrainNodeRequest, DrainNodeRequest__Output as _ordermesh_v1_DrainNodeRequest__Output } from '../../ordermesh/v1/DrainNodeRequest.js';
import type { DrainNodeResponse as _ordermesh_v1_DrainNodeResponse, DrainNodeResponse__Output as _ordermesh_v1_DrainNodeResponse__Output } from '../../ordermesh/v1/DrainNodeResponse.js';
import type { GetAssignmentRequest as _ordermesh_v1_GetAssignmentRequest, GetAssignmentRequest__Output as _ordermesh_v1_GetAssignmentRequest__Output } from '../../ordermesh/v1/GetAssignmentRequest.js';
import type { GetAssignmentResponse as _ordermesh_v1_GetAssignmentResponse, GetAssignmentResponse__Output as _ordermesh_v1_GetAssignmentResponse__Output } from '../../ordermesh/v1/GetAssignmentResponse.js';
import type { GetStatsRequest as _ordermesh_v1_GetStatsRequest, GetStatsRequest__Output as _ordermesh_v1_GetStatsRequest__Output } from '../../ordermesh/v1/GetStatsRequest.js';
import type { GetStatsResponse as _ordermesh_v1_GetStatsResponse, GetStatsResponse__Output as _ordermesh_v1_GetStatsResponse__Output } from '../../ordermesh/v1/GetStatsResponse.js';
import type { ListNodesRequest as _ordermesh_v1_ListNodesRequest, ListNodesRequest__Output as _ordermesh_v1_ListNodesRequest__Output } from '../../ordermesh/v1/ListNodesRequest.js';
import type { ListNodesResponse as _ordermesh_v1_ListNodesResponse, ListNodesResponse__Output as _ordermesh_v1_ListNodesResponse__Output } from '../../ordermesh/v1/ListNodesResponse.js';
import type { WatchAssignmentRequest as _ordermesh_v1_WatchAssignmentRequest, WatchAssignmentRequest__Output as _ordermesh_v1_WatchAssignmentRequest__Output } from '../../ordermesh/v1/WatchAssignmentRequest.js';
import type { WatchAssignmentResponse as _ordermesh_v1_WatchAssignmentResponse, WatchAssignmentResponse__Output as _ordermesh_v1_WatchAssignmentResponse__Output } from '../../ordermesh/v1/WatchAssignmentResponse.js';

/**
 * ControlPlaneService is the admin API of the control plane (every replica serves it).
 */
export interface ControlPlaneServiceClient extends grpc.Client {
  /**
   * Marks a node DRAINING: its share of the ring moves to its neighbours, in-flight calls
   * finish, and it may then be stopped without a failed request.
   */
  DrainNode(argument: _ordermesh_v1_DrainNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _ordermesh_v1_DrainNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _ordermesh_v1_DrainNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _ordermesh_v1_DrainNodeRequest, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Marks a node DRAINING: its share of the ring moves to its neighbours, in-flight calls
   * finish, and it may then be stopped without a failed request.
   */
  drainNode(argument: _ordermesh_v1_DrainNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _ordermesh_v1_DrainNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _ordermesh_v1_DrainNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _ordermesh_v1_DrainNodeRequest, callback: grpc.requestCallback<_ordermesh_v1_DrainNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The routing table in force: which live nodes own which orders.
   */
  GetAssignment(argument: _ordermesh_v1_GetAssignmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  GetAssignment(argument: _ordermesh_v1_GetAssignmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  GetAssignment(argument: _ordermesh_v1_GetAssignmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  GetAssignment(argument: _ordermesh_v1_GetAssignmentRequest, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The routing table in force: which live nodes own which orders.
   */
  getAssignment(argument: _ordermesh_v1_GetAssignmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  getAssignment(argument: _ordermesh_v1_GetAssignmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  getAssignment(argument: _ordermesh_v1_GetAssignmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  getAssignment(argument: _ordermesh_v1_GetAssignmentRequest, callback: grpc.requestCallback<_ordermesh_v1_GetAssignmentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sales per sku and region, orders by status, and per node, aggregated in the database.
   */
  GetStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  GetStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  GetStats(argument: _ordermesh_v1_GetStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  GetStats(argument: _ordermesh_v1_GetStatsRequest, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sales per sku and region, orders by status, and per node, aggregated in the database.
   */
  getStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  getStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  getStats(argument: _ordermesh_v1_GetStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  getStats(argument: _ordermesh_v1_GetStatsRequest, callback: grpc.requestCallback<_ordermesh_v1_GetStatsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every registered node with its live load and lease.
   */
  ListNodes(argument: _ordermesh_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _ordermesh_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _ordermesh_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _ordermesh_v1_ListNodesRequest, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every registered node with its live load and lease.
   */
  listNodes(argument: _ordermesh_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _ordermesh_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _ordermesh_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _ordermesh_v1_ListNodesRequest, callback: grpc.requestCallback<_ordermesh_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The current assignment, then every newer one as it is published.
   */
  WatchAssignment(argument: _ordermesh_v1_WatchAssignmentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ordermesh_v1_WatchAssignmentResponse__Output>;
  WatchAssignment(argument: _ordermesh_v1_WatchAssignmentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ordermesh_v1_WatchAssignmentResponse__Output>;
  /**
   * The current assignment, then every newer one as it is published.
   */
  watchAssignment(argument: _ordermesh_v1_WatchAssignmentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ordermesh_v1_WatchAssignmentResponse__Output>;
  watchAssignment(argument: _ordermesh_v1_WatchAssignmentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ordermesh_v1_WatchAssignmentResponse__Output>;
  
}

/**
 * ControlPlaneService is the admin API of the control plane (every replica serves it).
 */
export interface ControlPlaneServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Marks a node DRAINING: its share of the ring moves to its neighbours, in-flight calls
   * finish, and it may then be stopped without a failed request.
   */
  DrainNode: grpc.handleUnaryCall<_ordermesh_v1_DrainNodeRequest__Output, _ordermesh_v1_DrainNodeResponse>;
  
  /**
   * The routing table in force: which live nodes own which orders.
   */
  GetAssignment: grpc.handleUnaryCall<_ordermesh_v1_GetAssignmentRequest__Output, _ordermesh_v1_GetAssignmentResponse>;
  
  /**
   * Sales per sku and region, orders by status, and per node, aggregated in the database.
   */
  GetStats: grpc.handleUnaryCall<_ordermesh_v1_GetStatsRequest__Output, _ordermesh_v1_GetStatsResponse>;
  
  /**
   * Every registered node with its live load and lease.
   */
  ListNodes: grpc.handleUnaryCall<_ordermesh_v1_ListNodesRequest__Output, _ordermesh_v1_ListNodesResponse>;
  
  /**
   * The current assignment, then every newer one as it is published.
   */
  WatchAssignment: grpc.handleServerStreamingCall<_ordermesh_v1_WatchAssignmentRequest__Output, _ordermesh_v1_WatchAssignmentResponse>;
  
}

export interface ControlPlaneServiceDefinition extends grpc.ServiceDefinition {
  DrainNode: MethodDefinition<_ordermesh_v1_DrainNodeRequest, _ordermesh_v1_DrainNodeResponse, _ordermesh_v1_DrainNodeRequest__Output, _ordermesh_v1_DrainNodeResponse__Output>
  GetAssignment: MethodDefinition<_ordermesh_v1_GetAssignmentRequest, _ordermesh_v1_GetAssignmentResponse, _ordermesh_v1_GetAssignmentRequest__Output, _ordermesh_v1_GetAssignmentResponse__Output>
  GetStats: MethodDefinition<_ordermesh_v1_GetStatsRequest, _ordermesh_v1_GetStatsResponse, _ordermesh_v1_GetStatsRequest__Output, _ordermesh_v1_GetStatsResponse__Output>
  ListNodes: MethodDefinition<_ordermesh_v1_ListNodesRequest, _ordermesh_v1_ListNodesResponse, _ordermesh_v1_ListNodesRequest__Output, _ordermesh_v1_ListNodesResponse__Output>
  WatchAssignment: MethodDefinition<_ordermesh_v1_WatchAssignmentRequest, _ordermesh_v1_WatchAssignmentResponse, _ordermesh_v1_WatchAssignmentRequest__Output, _ordermesh_v1_WatchAssignmentResponse__Output>
}
