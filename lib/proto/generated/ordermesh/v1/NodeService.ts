// Original file: proto/ordermesh/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetNodeStatsRequest as _ordermesh_v1_GetNodeStatsRequest, GetNodeStatsRequest__Output as _ordermesh_v1_GetNodeStatsRequest__Output } from '../../ordermesh/v1/GetNodeStatsRequest.js';
import type { GetNodeStatsResponse as _ordermesh_v1_GetNodeStatsResponse, GetNodeStatsResponse__Output as _ordermesh_v1_GetNodeStatsResponse__Output } from '../../ordermesh/v1/GetNodeStatsResponse.js';
import type { GetOrderHistoryRequest as _ordermesh_v1_GetOrderHistoryRequest, GetOrderHistoryRequest__Output as _ordermesh_v1_GetOrderHistoryRequest__Output } from '../../ordermesh/v1/GetOrderHistoryRequest.js';
import type { GetOrderHistoryResponse as _ordermesh_v1_GetOrderHistoryResponse, GetOrderHistoryResponse__Output as _ordermesh_v1_GetOrderHistoryResponse__Output } from '../../ordermesh/v1/GetOrderHistoryResponse.js';
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
   * One order's story as the database records it: its creation, every payment callback, its
   * hand-over to the warehouse backend and its last change, each with its time (the shared
   * database answers, so any node can).
   */
  GetOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  GetOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  GetOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  GetOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One order's story as the database records it: its creation, every payment callback, its
   * hand-over to the warehouse backend and its last change, each with its time (the shared
   * database answers, so any node can).
   */
  getOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  getOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  getOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  getOrderHistory(argument: _ordermesh_v1_GetOrderHistoryRequest, callback: grpc.requestCallback<_ordermesh_v1_GetOrderHistoryResponse__Output>): grpc.ClientUnaryCall;
  
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
   * One order's story as the database records it: its creation, every payment callback, its
   * hand-over to the warehouse backend and its last change, each with its time (the shared
   * database answers, so any node can).
   */
  GetOrderHistory: grpc.handleUnaryCall<_ordermesh_v1_GetOrderHistoryRequest__Output, _ordermesh_v1_GetOrderHistoryResponse>;
  
  /**
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  GetStatus: grpc.handleUnaryCall<_ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_GetStatusResponse>;
  
}

export interface NodeServiceDefinition extends grpc.ServiceDefinition {
  GetNodeStats: MethodDefinition<_ordermesh_v1_GetNodeStatsRequest, _ordermesh_v1_GetNodeStatsResponse, _ordermesh_v1_GetNodeStatsRequest__Output, _ordermesh_v1_GetNodeStatsResponse__Output>
  GetOrderHistory: MethodDefinition<_ordermesh_v1_GetOrderHistoryRequest, _ordermesh_v1_GetOrderHistoryResponse, _ordermesh_v1_GetOrderHistoryRequest__Output, _ordermesh_v1_GetOrderHistoryResponse__Output>
  GetStatus: MethodDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_GetStatusResponse, _ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_GetStatusResponse__Output>
}
