// Original file: proto/ordermesh/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetStatsRequest as _ordermesh_v1_GetStatsRequest, GetStatsRequest__Output as _ordermesh_v1_GetStatsRequest__Output } from '../../ordermesh/v1/GetStatsRequest.js';
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from '../../ordermesh/v1/GetStatusRequest.js';
import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from '../../ordermesh/v1/NodeStatus.js';
import type { Stats as _ordermesh_v1_Stats, Stats__Output as _ordermesh_v1_Stats__Output } from '../../ordermesh/v1/Stats.js';

/**
 * NodeService runs on each warehouse node (not through the gateway).
 */
export interface NodeServiceClient extends grpc.Client {
  /**
   * Sales per sku and region, orders by status, and per node: the same as
   * ControlPlaneService.GetStats, computed by this node's database (shared by all nodes).
   */
  GetStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  GetStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  GetStats(argument: _ordermesh_v1_GetStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  GetStats(argument: _ordermesh_v1_GetStatsRequest, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  /**
   * Sales per sku and region, orders by status, and per node: the same as
   * ControlPlaneService.GetStats, computed by this node's database (shared by all nodes).
   */
  getStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  getStats(argument: _ordermesh_v1_GetStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  getStats(argument: _ordermesh_v1_GetStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  getStats(argument: _ordermesh_v1_GetStatsRequest, callback: grpc.requestCallback<_ordermesh_v1_Stats__Output>): grpc.ClientUnaryCall;
  
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  getStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _ordermesh_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _ordermesh_v1_GetStatusRequest, callback: grpc.requestCallback<_ordermesh_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  
}

/**
 * NodeService runs on each warehouse node (not through the gateway).
 */
export interface NodeServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Sales per sku and region, orders by status, and per node: the same as
   * ControlPlaneService.GetStats, computed by this node's database (shared by all nodes).
   */
  GetStats: grpc.handleUnaryCall<_ordermesh_v1_GetStatsRequest__Output, _ordermesh_v1_Stats>;
  
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  GetStatus: grpc.handleUnaryCall<_ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_NodeStatus>;
  
}

export interface NodeServiceDefinition extends grpc.ServiceDefinition {
  GetStats: MethodDefinition<_ordermesh_v1_GetStatsRequest, _ordermesh_v1_Stats, _ordermesh_v1_GetStatsRequest__Output, _ordermesh_v1_Stats__Output>
  GetStatus: MethodDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_NodeStatus, _ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_NodeStatus__Output>
}
