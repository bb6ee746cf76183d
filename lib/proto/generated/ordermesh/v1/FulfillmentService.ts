// Original file: proto/ordermesh/v1/fulfillment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ShipOrderRequest as _ordermesh_v1_ShipOrderRequest, ShipOrderRequest__Output as _ordermesh_v1_ShipOrderRequest__Output } from '../../ordermesh/v1/ShipOrderRequest.js';
import type { ShipOrderResponse as _ordermesh_v1_ShipOrderResponse, ShipOrderResponse__Output as _ordermesh_v1_ShipOrderResponse__Output } from '../../ordermesh/v1/ShipOrderResponse.js';

/**
 * FulfillmentService is the warehouse-management backend (wms-sim, :50071).
 */
export interface FulfillmentServiceClient extends grpc.Client {
  /**
   * Accepts a paid order for picking, packing and shipping. Idempotent per order_id: a repeat
   * returns the first answer. The backend later calls OrderService.ReportShipment.
   */
  ShipOrder(argument: _ordermesh_v1_ShipOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  ShipOrder(argument: _ordermesh_v1_ShipOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  ShipOrder(argument: _ordermesh_v1_ShipOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  ShipOrder(argument: _ordermesh_v1_ShipOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Accepts a paid order for picking, packing and shipping. Idempotent per order_id: a repeat
   * returns the first answer. The backend later calls OrderService.ReportShipment.
   */
  shipOrder(argument: _ordermesh_v1_ShipOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  shipOrder(argument: _ordermesh_v1_ShipOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  shipOrder(argument: _ordermesh_v1_ShipOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  shipOrder(argument: _ordermesh_v1_ShipOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_ShipOrderResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * FulfillmentService is the warehouse-management backend (wms-sim, :50071).
 */
export interface FulfillmentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Accepts a paid order for picking, packing and shipping. Idempotent per order_id: a repeat
   * returns the first answer. The backend later calls OrderService.ReportShipment.
   */
  ShipOrder: grpc.handleUnaryCall<_ordermesh_v1_ShipOrderRequest__Output, _ordermesh_v1_ShipOrderResponse>;
  
}

export interface FulfillmentServiceDefinition extends grpc.ServiceDefinition {
  ShipOrder: MethodDefinition<_ordermesh_v1_ShipOrderRequest, _ordermesh_v1_ShipOrderResponse, _ordermesh_v1_ShipOrderRequest__Output, _ordermesh_v1_ShipOrderResponse__Output>
}
