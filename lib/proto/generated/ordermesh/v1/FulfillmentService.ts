// Original file: proto/ordermesh/v1/fulfillment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetReportRequest as _ordermesh_v1_GetReportRequest, GetReportRequest__Output as _ordermesh_v1_GetReportRequest__Output } from '../../ordermesh/v1/GetReportRequest.js';
import type { GetReportResponse as _ordermesh_v1_GetReportResponse, GetReportResponse__Output as _ordermesh_v1_GetReportResponse__Output } from '../../ordermesh/v1/GetReportResponse.js';
import type { ShipOrderRequest as _ordermesh_v1_ShipOrderRequest, ShipOrderRequest__Output as _ordermesh_v1_ShipOrderRequest__Output } from '../../ordermesh/v1/ShipOrderRequest.js';
import type { ShipOrderResponse as _ordermesh_v1_ShipOrderResponse, ShipOrderResponse__Output as _ordermesh_v1_ShipOrderResponse__Output } from '../../ordermesh/v1/ShipOrderResponse.js';
import type { ShipOrdersRequest as _ordermesh_v1_ShipOrdersRequest, ShipOrdersRequest__Output as _ordermesh_v1_ShipOrdersRequest__Output } from '../../ordermesh/v1/ShipOrdersRequest.js';
import type { ShipOrdersResponse as _ordermesh_v1_ShipOrdersResponse, ShipOrdersResponse__Output as _ordermesh_v1_ShipOrdersResponse__Output } from '../../ordermesh/v1/ShipOrdersResponse.js';

/**
 * FulfillmentService is the warehouse-management backend (wms-sim, :50071).
 */
export interface FulfillmentServiceClient extends grpc.Client {
  /**
   * What the simulator has done so far: every order it accepted (with how many times it was
   * delivered and whether its SHIPPED report was acknowledged) and all stock it added. Tests
   * and operators use it to check that nothing shipped twice and that stock balances.
   */
  GetReport(argument: _ordermesh_v1_GetReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  GetReport(argument: _ordermesh_v1_GetReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  GetReport(argument: _ordermesh_v1_GetReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  GetReport(argument: _ordermesh_v1_GetReportRequest, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  /**
   * What the simulator has done so far: every order it accepted (with how many times it was
   * delivered and whether its SHIPPED report was acknowledged) and all stock it added. Tests
   * and operators use it to check that nothing shipped twice and that stock balances.
   */
  getReport(argument: _ordermesh_v1_GetReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  getReport(argument: _ordermesh_v1_GetReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  getReport(argument: _ordermesh_v1_GetReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  getReport(argument: _ordermesh_v1_GetReportRequest, callback: grpc.requestCallback<_ordermesh_v1_GetReportResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  /**
   * Many ShipOrder requests in one call, each answered on its own, as ShipOrder would have.
   * What ordermesh's outbox uses: one call per batch of due deliveries.
   */
  ShipOrders(argument: _ordermesh_v1_ShipOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  ShipOrders(argument: _ordermesh_v1_ShipOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  ShipOrders(argument: _ordermesh_v1_ShipOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  ShipOrders(argument: _ordermesh_v1_ShipOrdersRequest, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Many ShipOrder requests in one call, each answered on its own, as ShipOrder would have.
   * What ordermesh's outbox uses: one call per batch of due deliveries.
   */
  shipOrders(argument: _ordermesh_v1_ShipOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  shipOrders(argument: _ordermesh_v1_ShipOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  shipOrders(argument: _ordermesh_v1_ShipOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  shipOrders(argument: _ordermesh_v1_ShipOrdersRequest, callback: grpc.requestCallback<_ordermesh_v1_ShipOrdersResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * FulfillmentService is the warehouse-management backend (wms-sim, :50071).
 */
export interface FulfillmentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * What the simulator has done so far: every order it accepted (with how many times it was
   * delivered and whether its SHIPPED report was acknowledged) and all stock it added. Tests
   * and operators use it to check that nothing shipped twice and that stock balances.
   */
  GetReport: grpc.handleUnaryCall<_ordermesh_v1_GetReportRequest__Output, _ordermesh_v1_GetReportResponse>;
  
  /**
   * Accepts a paid order for picking, packing and shipping. Idempotent per order_id: a repeat
   * returns the first answer. The backend later calls OrderService.ReportShipment.
   */
  ShipOrder: grpc.handleUnaryCall<_ordermesh_v1_ShipOrderRequest__Output, _ordermesh_v1_ShipOrderResponse>;
  
  /**
   * Many ShipOrder requests in one call, each answered on its own, as ShipOrder would have.
   * What ordermesh's outbox uses: one call per batch of due deliveries.
   */
  ShipOrders: grpc.handleUnaryCall<_ordermesh_v1_ShipOrdersRequest__Output, _ordermesh_v1_ShipOrdersResponse>;
  
}

export interface FulfillmentServiceDefinition extends grpc.ServiceDefinition {
  GetReport: MethodDefinition<_ordermesh_v1_GetReportRequest, _ordermesh_v1_GetReportResponse, _ordermesh_v1_GetReportRequest__Output, _ordermesh_v1_GetReportResponse__Output>
  ShipOrder: MethodDefinition<_ordermesh_v1_ShipOrderRequest, _ordermesh_v1_ShipOrderResponse, _ordermesh_v1_ShipOrderRequest__Output, _ordermesh_v1_ShipOrderResponse__Output>
  ShipOrders: MethodDefinition<_ordermesh_v1_ShipOrdersRequest, _ordermesh_v1_ShipOrdersResponse, _ordermesh_v1_ShipOrdersRequest__Output, _ordermesh_v1_ShipOrdersResponse__Output>
}
