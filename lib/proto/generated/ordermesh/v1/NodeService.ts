// Original file: proto/ordermesh/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetNodeStatsRequest as _ordermesh_v1_GetNodeStatsRequest, GetNodeStatsRequest__Output as _ordermesh_v1_GetNodeStatsRequest__Output } from '../../ordermesh/v1/GetNodeStatsRequest.js';
import type { GetNodeStatsResponse as _ordermesh_v1_GetNodeStatsResponse, GetNodeStatsResponse__Output as _ordermesh_v1_GetNodeStatsResponse__Output } from '../../ordermesh/v1/GetNodeStatsResponse.js';
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from '../../ordermesh/v1/GetStatusRequest.js';
import type { GetStatusResponse as _ordermesh_v1_GetStatusResponse, GetStatusResponse__Output as _ordermesh_v1_GetStatusResponse__Output } from '../../ordermesh/v1/GetStatusResponse.js';

/**
 * NodeService runs on each warehouse node (not through the gateway).
 */
export interface NodeServiceClient extends grpc.Client {
  /**
   * Sales per sku and region, orders by status, and per node: the same as
   * ControlPlaneService.GetStats, computed by this node's database (shared by all nodes).
   */
  GetNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  GetNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  GetNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  GetNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sales per sku and region, orders by status, and per node: the same as
   * ControlPlaneService.GetStats, computed by this node's database (shared by all nodes).
   */
  getNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _ordermesh_v1_GetNodeStatsRequest, callback: grpc.requestCallback<_ordermesh_v1_GetNodeStatsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _ordermesh_v1_GetStatusRequest, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  getStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _ordermesh_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _ordermesh_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _ordermesh_v1_GetStatusRequest, callback: grpc.requestCallback<_ordermesh_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * NodeService runs on each warehouse node (not through the gateway).
 */
export interface NodeServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Sales per sku and region, orders by status, and per node: the same as
   * ControlPlaneService.GetStats, computed by this node's database (shared by all nodes).
   */
  GetNodeStats: grpc.handleUnaryCall<_ordermesh_v1_GetNodeStatsRequest__Output, _ordermesh_v1_GetNodeStatsResponse>;
  
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  GetStatus: grpc.handleUnaryCall<_ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_GetStatusResponse>;
  
}

export interface NodeServiceDefinition extends grpc.ServiceDefinition {
  GetNodeStats: MethodDefinition<_ordermesh_v1_GetNodeStatsRequest, _ordermesh_v1_GetNodeStatsResponse, _ordermesh_v1_GetNodeStatsRequest__Output, _ordermesh_v1_GetNodeStatsResponse__Output>
  GetStatus: MethodDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_GetStatusResponse, _ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_GetStatusResponse__Output>
}
