// Original file: proto/ordermesh/v1/order.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelOrderRequest as _ordermesh_v1_CancelOrderRequest, CancelOrderRequest__Output as _ordermesh_v1_CancelOrderRequest__Output } from '../../ordermesh/v1/CancelOrderRequest.js';
import type { CancelOrderResponse as _ordermesh_v1_CancelOrderResponse, CancelOrderResponse__Output as _ordermesh_v1_CancelOrderResponse__Output } from '../../ordermesh/v1/CancelOrderResponse.js';
import type { CreateOrderRequest as _ordermesh_v1_CreateOrderRequest, CreateOrderRequest__Output as _ordermesh_v1_CreateOrderRequest__Output } from '../../ordermesh/v1/CreateOrderRequest.js';
import type { CreateOrderResponse as _ordermesh_v1_CreateOrderResponse, CreateOrderResponse__Output as _ordermesh_v1_CreateOrderResponse__Output } from '../../ordermesh/v1/CreateOrderResponse.js';
import type { GetOrderRequest as _ordermesh_v1_GetOrderRequest, GetOrderRequest__Output as _ordermesh_v1_GetOrderRequest__Output } from '../../ordermesh/v1/GetOrderRequest.js';
import type { GetOrderResponse as _ordermesh_v1_GetOrderResponse, GetOrderResponse__Output as _ordermesh_v1_GetOrderResponse__Output } from '../../ordermesh/v1/GetOrderResponse.js';
import type { ListOrdersRequest as _ordermesh_v1_ListOrdersRequest, ListOrdersRequest__Output as _ordermesh_v1_ListOrdersRequest__Output } from '../../ordermesh/v1/ListOrdersRequest.js';
import type { ListOrdersResponse as _ordermesh_v1_ListOrdersResponse, ListOrdersResponse__Output as _ordermesh_v1_ListOrdersResponse__Output } from '../../ordermesh/v1/ListOrdersResponse.js';
import type { ReportShipmentRequest as _ordermesh_v1_ReportShipmentRequest, ReportShipmentRequest__Output as _ordermesh_v1_ReportShipmentRequest__Output } from '../../ordermesh/v1/ReportShipmentRequest.js';
import type { ReportShipmentResponse as _ordermesh_v1_ReportShipmentResponse, ReportShipmentResponse__Output as _ordermesh_v1_ReportShipmentResponse__Output } from '../../ordermesh/v1/ReportShipmentResponse.js';
import type { ReportShipmentsRequest as _ordermesh_v1_ReportShipmentsRequest, ReportShipmentsRequest__Output as _ordermesh_v1_ReportShipmentsRequest__Output } from '../../ordermesh/v1/ReportShipmentsRequest.js';
import type { ReportShipmentsResponse as _ordermesh_v1_ReportShipmentsResponse, ReportShipmentsResponse__Output as _ordermesh_v1_ReportShipmentsResponse__Output } from '../../ordermesh/v1/ReportShipmentsResponse.js';

/**
 * OrderService places orders and moves them through their life:
 * RESERVED -> PAID -> FULFILLING -> SHIPPED, RESERVED -> CANCELLED, or REJECTED at creation.
 * Every call about an existing order routes on its order id alone.
 */
export interface OrderServiceClient extends grpc.Client {
  /**
   * Cancels a RESERVED order and releases its stock. Cancelling a CANCELLED order returns it
   * unchanged; any other status is FAILED_PRECONDITION.
   */
  CancelOrder(argument: _ordermesh_v1_CancelOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _ordermesh_v1_CancelOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _ordermesh_v1_CancelOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _ordermesh_v1_CancelOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Cancels a RESERVED order and releases its stock. Cancelling a CANCELLED order returns it
   * unchanged; any other status is FAILED_PRECONDITION.
   */
  cancelOrder(argument: _ordermesh_v1_CancelOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _ordermesh_v1_CancelOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _ordermesh_v1_CancelOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _ordermesh_v1_CancelOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Places an order. The items are reserved atomically at the first warehouse of the region's
   * preference list (home region first, then its failover order) that has every item in stock;
   * when none has, the order is REJECTED with the reason. Repeating a request_id returns the
   * order the first request made, never a second one.
   */
  CreateOrder(argument: _ordermesh_v1_CreateOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  CreateOrder(argument: _ordermesh_v1_CreateOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  CreateOrder(argument: _ordermesh_v1_CreateOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  CreateOrder(argument: _ordermesh_v1_CreateOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Places an order. The items are reserved atomically at the first warehouse of the region's
   * preference list (home region first, then its failover order) that has every item in stock;
   * when none has, the order is REJECTED with the reason. Repeating a request_id returns the
   * order the first request made, never a second one.
   */
  createOrder(argument: _ordermesh_v1_CreateOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _ordermesh_v1_CreateOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _ordermesh_v1_CreateOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _ordermesh_v1_CreateOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_CreateOrderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads one order by its id. NOT_FOUND when no such order exists.
   */
  GetOrder(argument: _ordermesh_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _ordermesh_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _ordermesh_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _ordermesh_v1_GetOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads one order by its id. NOT_FOUND when no such order exists.
   */
  getOrder(argument: _ordermesh_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _ordermesh_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _ordermesh_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _ordermesh_v1_GetOrderRequest, callback: grpc.requestCallback<_ordermesh_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists orders, newest first, optionally filtered by region and status, a page at a time.
   */
  ListOrders(argument: _ordermesh_v1_ListOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _ordermesh_v1_ListOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _ordermesh_v1_ListOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _ordermesh_v1_ListOrdersRequest, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists orders, newest first, optionally filtered by region and status, a page at a time.
   */
  listOrders(argument: _ordermesh_v1_ListOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _ordermesh_v1_ListOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _ordermesh_v1_ListOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _ordermesh_v1_ListOrdersRequest, callback: grpc.requestCallback<_ordermesh_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Called by the warehouse-management backend when an order has shipped. Idempotent per
   * shipment_id: a repeated report returns the SHIPPED order unchanged.
   */
  ReportShipment(argument: _ordermesh_v1_ReportShipmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  ReportShipment(argument: _ordermesh_v1_ReportShipmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  ReportShipment(argument: _ordermesh_v1_ReportShipmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  ReportShipment(argument: _ordermesh_v1_ReportShipmentRequest, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Called by the warehouse-management backend when an order has shipped. Idempotent per
   * shipment_id: a repeated report returns the SHIPPED order unchanged.
   */
  reportShipment(argument: _ordermesh_v1_ReportShipmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  reportShipment(argument: _ordermesh_v1_ReportShipmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  reportShipment(argument: _ordermesh_v1_ReportShipmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  reportShipment(argument: _ordermesh_v1_ReportShipmentRequest, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Many shipment reports in one call, each answered on its own (one bad report never fails
   * its neighbours). The gateway splits the batch by owner; each owner records its part in one
   * transaction. What the warehouse-management backend uses when it ships many orders at once.
   */
  ReportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  ReportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  ReportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  ReportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Many shipment reports in one call, each answered on its own (one bad report never fails
   * its neighbours). The gateway splits the batch by owner; each owner records its part in one
   * transaction. What the warehouse-management backend uses when it ships many orders at once.
   */
  reportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  reportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  reportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  reportShipments(argument: _ordermesh_v1_ReportShipmentsRequest, callback: grpc.requestCallback<_ordermesh_v1_ReportShipmentsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * OrderService places orders and moves them through their life:
 * RESERVED -> PAID -> FULFILLING -> SHIPPED, RESERVED -> CANCELLED, or REJECTED at creation.
 * Every call about an existing order routes on its order id alone.
 */
export interface OrderServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Cancels a RESERVED order and releases its stock. Cancelling a CANCELLED order returns it
   * unchanged; any other status is FAILED_PRECONDITION.
   */
  CancelOrder: grpc.handleUnaryCall<_ordermesh_v1_CancelOrderRequest__Output, _ordermesh_v1_CancelOrderResponse>;
  
  /**
   * Places an order. The items are reserved atomically at the first warehouse of the region's
   * preference list (home region first, then its failover order) that has every item in stock;
   * when none has, the order is REJECTED with the reason. Repeating a request_id returns the
   * order the first request made, never a second one.
   */
  CreateOrder: grpc.handleUnaryCall<_ordermesh_v1_CreateOrderRequest__Output, _ordermesh_v1_CreateOrderResponse>;
  
  /**
   * Reads one order by its id. NOT_FOUND when no such order exists.
   */
  GetOrder: grpc.handleUnaryCall<_ordermesh_v1_GetOrderRequest__Output, _ordermesh_v1_GetOrderResponse>;
  
  /**
   * Lists orders, newest first, optionally filtered by region and status, a page at a time.
   */
  ListOrders: grpc.handleUnaryCall<_ordermesh_v1_ListOrdersRequest__Output, _ordermesh_v1_ListOrdersResponse>;
  
  /**
   * Called by the warehouse-management backend when an order has shipped. Idempotent per
   * shipment_id: a repeated report returns the SHIPPED order unchanged.
   */
  ReportShipment: grpc.handleUnaryCall<_ordermesh_v1_ReportShipmentRequest__Output, _ordermesh_v1_ReportShipmentResponse>;
  
  /**
   * Many shipment reports in one call, each answered on its own (one bad report never fails
   * its neighbours). The gateway splits the batch by owner; each owner records its part in one
   * transaction. What the warehouse-management backend uses when it ships many orders at once.
   */
  ReportShipments: grpc.handleUnaryCall<_ordermesh_v1_ReportShipmentsRequest__Output, _ordermesh_v1_ReportShipmentsResponse>;
  
}

export interface OrderServiceDefinition extends grpc.ServiceDefinition {
  CancelOrder: MethodDefinition<_ordermesh_v1_CancelOrderRequest, _ordermesh_v1_CancelOrderResponse, _ordermesh_v1_CancelOrderRequest__Output, _ordermesh_v1_CancelOrderResponse__Output>
  CreateOrder: MethodDefinition<_ordermesh_v1_CreateOrderRequest, _ordermesh_v1_CreateOrderResponse, _ordermesh_v1_CreateOrderRequest__Output, _ordermesh_v1_CreateOrderResponse__Output>
  GetOrder: MethodDefinition<_ordermesh_v1_GetOrderRequest, _ordermesh_v1_GetOrderResponse, _ordermesh_v1_GetOrderRequest__Output, _ordermesh_v1_GetOrderResponse__Output>
  ListOrders: MethodDefinition<_ordermesh_v1_ListOrdersRequest, _ordermesh_v1_ListOrdersResponse, _ordermesh_v1_ListOrdersRequest__Output, _ordermesh_v1_ListOrdersResponse__Output>
  ReportShipment: MethodDefinition<_ordermesh_v1_ReportShipmentRequest, _ordermesh_v1_ReportShipmentResponse, _ordermesh_v1_ReportShipmentRequest__Output, _ordermesh_v1_ReportShipmentResponse__Output>
  ReportShipments: MethodDefinition<_ordermesh_v1_ReportShipmentsRequest, _ordermesh_v1_ReportShipmentsResponse, _ordermesh_v1_ReportShipmentsRequest__Output, _ordermesh_v1_ReportShipmentsResponse__Output>
}
