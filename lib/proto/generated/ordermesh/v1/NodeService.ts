// Original file: proto/ordermesh/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from '../../ordermesh/v1/GetStatusRequest.js';
import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from '../../ordermesh/v1/NodeStatus.js';

/**
 * NodeService runs on each warehouse node (not through the gateway).
 */
export interface NodeServiceClient extends grpc.Client {
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
   * What this node is, what it is doing and whether its dependencies are healthy.
   */
  GetStatus: grpc.handleUnaryCall<_ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_NodeStatus>;
  
}

export interface NodeServiceDefinition extends grpc.ServiceDefinition {
  GetStatus: MethodDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_NodeStatus, _ordermesh_v1_GetStatusRequest__Output, _ordermesh_v1_NodeStatus__Output>
}
