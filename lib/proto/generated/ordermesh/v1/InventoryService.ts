// Original file: proto/ordermesh/v1/inventory.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetStockRequest as _ordermesh_v1_GetStockRequest, GetStockRequest__Output as _ordermesh_v1_GetStockRequest__Output } from '../../ordermesh/v1/GetStockRequest.js';
import type { GetStockResponse as _ordermesh_v1_GetStockResponse, GetStockResponse__Output as _ordermesh_v1_GetStockResponse__Output } from '../../ordermesh/v1/GetStockResponse.js';
import type { SetStockRequest as _ordermesh_v1_SetStockRequest, SetStockRequest__Output as _ordermesh_v1_SetStockRequest__Output } from '../../ordermesh/v1/SetStockRequest.js';
import type { SetStockResponse as _ordermesh_v1_SetStockResponse, SetStockResponse__Output as _ordermesh_v1_SetStockResponse__Output } from '../../ordermesh/v1/SetStockResponse.js';

/**
 * InventoryService sets and reads stock per warehouse. Warehouse ids are "<REGION>-<NAME>",
 * e.g. "HCM-01"; the prefix names the region the warehouse is in, and a warehouse exists once
 * stock has been set for it.
 */
export interface InventoryServiceClient extends grpc.Client {
  /**
   * Reads stock: one warehouse ("" for all), some skus (none for all), a page at a time.
   */
  GetStock(argument: _ordermesh_v1_GetStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  GetStock(argument: _ordermesh_v1_GetStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  GetStock(argument: _ordermesh_v1_GetStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  GetStock(argument: _ordermesh_v1_GetStockRequest, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads stock: one warehouse ("" for all), some skus (none for all), a page at a time.
   */
  getStock(argument: _ordermesh_v1_GetStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  getStock(argument: _ordermesh_v1_GetStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  getStock(argument: _ordermesh_v1_GetStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  getStock(argument: _ordermesh_v1_GetStockRequest, callback: grpc.requestCallback<_ordermesh_v1_GetStockResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets (or adds to) the stock and unit price of skus at one warehouse, all in one
   * transaction. on_hand may not drop below what is reserved.
   */
  SetStock(argument: _ordermesh_v1_SetStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  SetStock(argument: _ordermesh_v1_SetStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  SetStock(argument: _ordermesh_v1_SetStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  SetStock(argument: _ordermesh_v1_SetStockRequest, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sets (or adds to) the stock and unit price of skus at one warehouse, all in one
   * transaction. on_hand may not drop below what is reserved.
   */
  setStock(argument: _ordermesh_v1_SetStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  setStock(argument: _ordermesh_v1_SetStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  setStock(argument: _ordermesh_v1_SetStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  setStock(argument: _ordermesh_v1_SetStockRequest, callback: grpc.requestCallback<_ordermesh_v1_SetStockResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * InventoryService sets and reads stock per warehouse. Warehouse ids are "<REGION>-<NAME>",
 * e.g. "HCM-01"; the prefix names the region the warehouse is in, and a warehouse exists once
 * stock has been set for it.
 */
export interface InventoryServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Reads stock: one warehouse ("" for all), some skus (none for all), a page at a time.
   */
  GetStock: grpc.handleUnaryCall<_ordermesh_v1_GetStockRequest__Output, _ordermesh_v1_GetStockResponse>;
  
  /**
   * Sets (or adds to) the stock and unit price of skus at one warehouse, all in one
   * transaction. on_hand may not drop below what is reserved.
   */
  SetStock: grpc.handleUnaryCall<_ordermesh_v1_SetStockRequest__Output, _ordermesh_v1_SetStockResponse>;
  
}

export interface InventoryServiceDefinition extends grpc.ServiceDefinition {
  GetStock: MethodDefinition<_ordermesh_v1_GetStockRequest, _ordermesh_v1_GetStockResponse, _ordermesh_v1_GetStockRequest__Output, _ordermesh_v1_GetStockResponse__Output>
  SetStock: MethodDefinition<_ordermesh_v1_SetStockRequest, _ordermesh_v1_SetStockResponse, _ordermesh_v1_SetStockRequest__Output, _ordermesh_v1_SetStockResponse__Output>
}
