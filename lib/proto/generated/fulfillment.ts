import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { CancelOrderRequest as _ordermesh_v1_CancelOrderRequest, CancelOrderRequest__Output as _ordermesh_v1_CancelOrderRequest__Output } from './ordermesh/v1/CancelOrderRequest.js';
import type { CancelOrderResponse as _ordermesh_v1_CancelOrderResponse, CancelOrderResponse__Output as _ordermesh_v1_CancelOrderResponse__Output } from './ordermesh/v1/CancelOrderResponse.js';
import type { CreateOrderRequest as _ordermesh_v1_CreateOrderRequest, CreateOrderRequest__Output as _ordermesh_v1_CreateOrderRequest__Output } from './ordermesh/v1/CreateOrderRequest.js';
import type { CreateOrderResponse as _ordermesh_v1_CreateOrderResponse, CreateOrderResponse__Output as _ordermesh_v1_CreateOrderResponse__Output } from './ordermesh/v1/CreateOrderResponse.js';
import type { FulfillmentReport as _ordermesh_v1_FulfillmentReport, FulfillmentReport__Output as _ordermesh_v1_FulfillmentReport__Output } from './ordermesh/v1/FulfillmentReport.js';
import type { FulfillmentServiceClient as _ordermesh_v1_FulfillmentServiceClient, FulfillmentServiceDefinition as _ordermesh_v1_FulfillmentServiceDefinition } from './ordermesh/v1/FulfillmentService.js';
import type { GetOrderRequest as _ordermesh_v1_GetOrderRequest, GetOrderRequest__Output as _ordermesh_v1_GetOrderRequest__Output } from './ordermesh/v1/GetOrderRequest.js';
import type { GetOrderResponse as _ordermesh_v1_GetOrderResponse, GetOrderResponse__Output as _ordermesh_v1_GetOrderResponse__Output } from './ordermesh/v1/GetOrderResponse.js';
import type { GetReportRequest as _ordermesh_v1_GetReportRequest, GetReportRequest__Output as _ordermesh_v1_GetReportRequest__Output } from './ordermesh/v1/GetReportRequest.js';
import type { GetReportResponse as _ordermesh_v1_GetReportResponse, GetReportResponse__Output as _ordermesh_v1_GetReportResponse__Output } from './ordermesh/v1/GetReportResponse.js';
import type { LineItem as _ordermesh_v1_LineItem, LineItem__Output as _ordermesh_v1_LineItem__Output } from './ordermesh/v1/LineItem.js';
import type { ListOrdersRequest as _ordermesh_v1_ListOrdersRequest, ListOrdersRequest__Output as _ordermesh_v1_ListOrdersRequest__Output } from './ordermesh/v1/ListOrdersRequest.js';
import type { ListOrdersResponse as _ordermesh_v1_ListOrdersResponse, ListOrdersResponse__Output as _ordermesh_v1_ListOrdersResponse__Output } from './ordermesh/v1/ListOrdersResponse.js';
import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from './ordermesh/v1/Order.js';
import type { OrderItem as _ordermesh_v1_OrderItem, OrderItem__Output as _ordermesh_v1_OrderItem__Output } from './ordermesh/v1/OrderItem.js';
import type { OrderServiceClient as _ordermesh_v1_OrderServiceClient, OrderServiceDefinition as _ordermesh_v1_OrderServiceDefinition } from './ordermesh/v1/OrderService.js';
import type { ReportShipmentRequest as _ordermesh_v1_ReportShipmentRequest, ReportShipmentRequest__Output as _ordermesh_v1_ReportShipmentRequest__Output } from './ordermesh/v1/ReportShipmentRequest.js';
import type { ReportShipmentResponse as _ordermesh_v1_ReportShipmentResponse, ReportShipmentResponse__Output as _ordermesh_v1_ReportShipmentResponse__Output } from './ordermesh/v1/ReportShipmentResponse.js';
import type { ReportShipmentsRequest as _ordermesh_v1_ReportShipmentsRequest, ReportShipmentsRequest__Output as _ordermesh_v1_ReportShipmentsRequest__Output } from './ordermesh/v1/ReportShipmentsRequest.js';
import type { ReportShipmentsResponse as _ordermesh_v1_ReportShipmentsResponse, ReportShipmentsResponse__Output as _ordermesh_v1_ReportShipmentsResponse__Output } from './ordermesh/v1/ReportShipmentsResponse.js';
import type { ReportShipmentsResult as _ordermesh_v1_ReportShipmentsResult, ReportShipmentsResult__Output as _ordermesh_v1_ReportShipmentsResult__Output } from './ordermesh/v1/ReportShipmentsResult.js';
import type { ShipOrderRequest as _ordermesh_v1_ShipOrderRequest, ShipOrderRequest__Output as _ordermesh_v1_ShipOrderRequest__Output } from './ordermesh/v1/ShipOrderRequest.js';
import type { ShipOrderResponse as _ordermesh_v1_ShipOrderResponse, ShipOrderResponse__Output as _ordermesh_v1_ShipOrderResponse__Output } from './ordermesh/v1/ShipOrderResponse.js';
import type { ShipOrdersRequest as _ordermesh_v1_ShipOrdersRequest, ShipOrdersRequest__Output as _ordermesh_v1_ShipOrdersRequest__Output } from './ordermesh/v1/ShipOrdersRequest.js';
import type { ShipOrdersResponse as _ordermesh_v1_ShipOrdersResponse, ShipOrdersResponse__Output as _ordermesh_v1_ShipOrdersResponse__Output } from './ordermesh/v1/ShipOrdersResponse.js';
import type { ShipOrdersResult as _ordermesh_v1_ShipOrdersResult, ShipOrdersResult__Output as _ordermesh_v1_ShipOrdersResult__Output } from './ordermesh/v1/ShipOrdersResult.js';
import type { Shipment as _ordermesh_v1_Shipment, Shipment__Output as _ordermesh_v1_Shipment__Output } from './ordermesh/v1/Shipment.js';
import type { StockAdded as _ordermesh_v1_StockAdded, StockAdded__Output as _ordermesh_v1_StockAdded__Output } from './ordermesh/v1/StockAdded.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  ordermesh: {
    v1: {
      CancelOrderRequest: MessageTypeDefinition<_ordermesh_v1_CancelOrderRequest, _ordermesh_v1_CancelOrderRequest__Output>
      CancelOrderResponse: MessageTypeDefinition<_ordermesh_v1_CancelOrderResponse, _ordermesh_v1_CancelOrderResponse__Output>
      CreateOrderRequest: MessageTypeDefinition<_ordermesh_v1_CreateOrderRequest, _ordermesh_v1_CreateOrderRequest__Output>
      CreateOrderResponse: MessageTypeDefinition<_ordermesh_v1_CreateOrderResponse, _ordermesh_v1_CreateOrderResponse__Output>
      FulfillmentReport: MessageTypeDefinition<_ordermesh_v1_FulfillmentReport, _ordermesh_v1_FulfillmentReport__Output>
      /**
       * FulfillmentService is the warehouse-management backend (wms-sim, :50071).
       */
      FulfillmentService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_FulfillmentServiceClient> & { service: _ordermesh_v1_FulfillmentServiceDefinition }
      GetOrderRequest: MessageTypeDefinition<_ordermesh_v1_GetOrderRequest, _ordermesh_v1_GetOrderRequest__Output>
      GetOrderResponse: MessageTypeDefinition<_ordermesh_v1_GetOrderResponse, _ordermesh_v1_GetOrderResponse__Output>
      GetReportRequest: MessageTypeDefinition<_ordermesh_v1_GetReportRequest, _ordermesh_v1_GetReportRequest__Output>
      GetReportResponse: MessageTypeDefinition<_ordermesh_v1_GetReportResponse, _ordermesh_v1_GetReportResponse__Output>
      LineItem: MessageTypeDefinition<_ordermesh_v1_LineItem, _ordermesh_v1_LineItem__Output>
      ListOrdersRequest: MessageTypeDefinition<_ordermesh_v1_ListOrdersRequest, _ordermesh_v1_ListOrdersRequest__Output>
      ListOrdersResponse: MessageTypeDefinition<_ordermesh_v1_ListOrdersResponse, _ordermesh_v1_ListOrdersResponse__Output>
      Order: MessageTypeDefinition<_ordermesh_v1_Order, _ordermesh_v1_Order__Output>
      OrderItem: MessageTypeDefinition<_ordermesh_v1_OrderItem, _ordermesh_v1_OrderItem__Output>
      /**
       * OrderService places orders and moves them through their life:
       * RESERVED -> PAID -> FULFILLING -> SHIPPED, RESERVED -> CANCELLED, or REJECTED at creation.
       * Every call about an existing order routes on its order id alone.
       */
      OrderService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_OrderServiceClient> & { service: _ordermesh_v1_OrderServiceDefinition }
      OrderStatus: EnumTypeDefinition
      ReportShipmentRequest: MessageTypeDefinition<_ordermesh_v1_ReportShipmentRequest, _ordermesh_v1_ReportShipmentRequest__Output>
      ReportShipmentResponse: MessageTypeDefinition<_ordermesh_v1_ReportShipmentResponse, _ordermesh_v1_ReportShipmentResponse__Output>
      ReportShipmentsRequest: MessageTypeDefinition<_ordermesh_v1_ReportShipmentsRequest, _ordermesh_v1_ReportShipmentsRequest__Output>
      ReportShipmentsResponse: MessageTypeDefinition<_ordermesh_v1_ReportShipmentsResponse, _ordermesh_v1_ReportShipmentsResponse__Output>
      ReportShipmentsResult: MessageTypeDefinition<_ordermesh_v1_ReportShipmentsResult, _ordermesh_v1_ReportShipmentsResult__Output>
      ShipOrderRequest: MessageTypeDefinition<_ordermesh_v1_ShipOrderRequest, _ordermesh_v1_ShipOrderRequest__Output>
      ShipOrderResponse: MessageTypeDefinition<_ordermesh_v1_ShipOrderResponse, _ordermesh_v1_ShipOrderResponse__Output>
      ShipOrdersRequest: MessageTypeDefinition<_ordermesh_v1_ShipOrdersRequest, _ordermesh_v1_ShipOrdersRequest__Output>
      ShipOrdersResponse: MessageTypeDefinition<_ordermesh_v1_ShipOrdersResponse, _ordermesh_v1_ShipOrdersResponse__Output>
      ShipOrdersResult: MessageTypeDefinition<_ordermesh_v1_ShipOrdersResult, _ordermesh_v1_ShipOrdersResult__Output>
      Shipment: MessageTypeDefinition<_ordermesh_v1_Shipment, _ordermesh_v1_Shipment__Output>
      StockAdded: MessageTypeDefinition<_ordermesh_v1_StockAdded, _ordermesh_v1_StockAdded__Output>
    }
  }
}

