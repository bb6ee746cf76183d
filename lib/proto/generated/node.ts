import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { CancelOrderRequest as _ordermesh_v1_CancelOrderRequest, CancelOrderRequest__Output as _ordermesh_v1_CancelOrderRequest__Output } from './ordermesh/v1/CancelOrderRequest.js';
import type { CancelOrderResponse as _ordermesh_v1_CancelOrderResponse, CancelOrderResponse__Output as _ordermesh_v1_CancelOrderResponse__Output } from './ordermesh/v1/CancelOrderResponse.js';
import type { CreateOrderRequest as _ordermesh_v1_CreateOrderRequest, CreateOrderRequest__Output as _ordermesh_v1_CreateOrderRequest__Output } from './ordermesh/v1/CreateOrderRequest.js';
import type { CreateOrderResponse as _ordermesh_v1_CreateOrderResponse, CreateOrderResponse__Output as _ordermesh_v1_CreateOrderResponse__Output } from './ordermesh/v1/CreateOrderResponse.js';
import type { GetNodeStatsRequest as _ordermesh_v1_GetNodeStatsRequest, GetNodeStatsRequest__Output as _ordermesh_v1_GetNodeStatsRequest__Output } from './ordermesh/v1/GetNodeStatsRequest.js';
import type { GetNodeStatsResponse as _ordermesh_v1_GetNodeStatsResponse, GetNodeStatsResponse__Output as _ordermesh_v1_GetNodeStatsResponse__Output } from './ordermesh/v1/GetNodeStatsResponse.js';
import type { GetOrderHistoryRequest as _ordermesh_v1_GetOrderHistoryRequest, GetOrderHistoryRequest__Output as _ordermesh_v1_GetOrderHistoryRequest__Output } from './ordermesh/v1/GetOrderHistoryRequest.js';
import type { GetOrderHistoryResponse as _ordermesh_v1_GetOrderHistoryResponse, GetOrderHistoryResponse__Output as _ordermesh_v1_GetOrderHistoryResponse__Output } from './ordermesh/v1/GetOrderHistoryResponse.js';
import type { GetOrderRequest as _ordermesh_v1_GetOrderRequest, GetOrderRequest__Output as _ordermesh_v1_GetOrderRequest__Output } from './ordermesh/v1/GetOrderRequest.js';
import type { GetOrderResponse as _ordermesh_v1_GetOrderResponse, GetOrderResponse__Output as _ordermesh_v1_GetOrderResponse__Output } from './ordermesh/v1/GetOrderResponse.js';
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from './ordermesh/v1/GetStatusRequest.js';
import type { GetStatusResponse as _ordermesh_v1_GetStatusResponse, GetStatusResponse__Output as _ordermesh_v1_GetStatusResponse__Output } from './ordermesh/v1/GetStatusResponse.js';
import type { LineItem as _ordermesh_v1_LineItem, LineItem__Output as _ordermesh_v1_LineItem__Output } from './ordermesh/v1/LineItem.js';
import type { ListOrdersRequest as _ordermesh_v1_ListOrdersRequest, ListOrdersRequest__Output as _ordermesh_v1_ListOrdersRequest__Output } from './ordermesh/v1/ListOrdersRequest.js';
import type { ListOrdersResponse as _ordermesh_v1_ListOrdersResponse, ListOrdersResponse__Output as _ordermesh_v1_ListOrdersResponse__Output } from './ordermesh/v1/ListOrdersResponse.js';
import type { NodeLoad as _ordermesh_v1_NodeLoad, NodeLoad__Output as _ordermesh_v1_NodeLoad__Output } from './ordermesh/v1/NodeLoad.js';
import type { NodeServiceClient as _ordermesh_v1_NodeServiceClient, NodeServiceDefinition as _ordermesh_v1_NodeServiceDefinition } from './ordermesh/v1/NodeService.js';
import type { NodeStats as _ordermesh_v1_NodeStats, NodeStats__Output as _ordermesh_v1_NodeStats__Output } from './ordermesh/v1/NodeStats.js';
import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from './ordermesh/v1/NodeStatus.js';
import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from './ordermesh/v1/Order.js';
import type { OrderEvent as _ordermesh_v1_OrderEvent, OrderEvent__Output as _ordermesh_v1_OrderEvent__Output } from './ordermesh/v1/OrderEvent.js';
import type { OrderItem as _ordermesh_v1_OrderItem, OrderItem__Output as _ordermesh_v1_OrderItem__Output } from './ordermesh/v1/OrderItem.js';
import type { OrderServiceClient as _ordermesh_v1_OrderServiceClient, OrderServiceDefinition as _ordermesh_v1_OrderServiceDefinition } from './ordermesh/v1/OrderService.js';
import type { ReportShipmentRequest as _ordermesh_v1_ReportShipmentRequest, ReportShipmentRequest__Output as _ordermesh_v1_ReportShipmentRequest__Output } from './ordermesh/v1/ReportShipmentRequest.js';
import type { ReportShipmentResponse as _ordermesh_v1_ReportShipmentResponse, ReportShipmentResponse__Output as _ordermesh_v1_ReportShipmentResponse__Output } from './ordermesh/v1/ReportShipmentResponse.js';
import type { ReportShipmentsRequest as _ordermesh_v1_ReportShipmentsRequest, ReportShipmentsRequest__Output as _ordermesh_v1_ReportShipmentsRequest__Output } from './ordermesh/v1/ReportShipmentsRequest.js';
import type { ReportShipmentsResponse as _ordermesh_v1_ReportShipmentsResponse, ReportShipmentsResponse__Output as _ordermesh_v1_ReportShipmentsResponse__Output } from './ordermesh/v1/ReportShipmentsResponse.js';
import type { ReportShipmentsResult as _ordermesh_v1_ReportShipmentsResult, ReportShipmentsResult__Output as _ordermesh_v1_ReportShipmentsResult__Output } from './ordermesh/v1/ReportShipmentsResult.js';
import type { SkuSales as _ordermesh_v1_SkuSales, SkuSales__Output as _ordermesh_v1_SkuSales__Output } from './ordermesh/v1/SkuSales.js';
import type { Stats as _ordermesh_v1_Stats, Stats__Output as _ordermesh_v1_Stats__Output } from './ordermesh/v1/Stats.js';
import type { StatusCount as _ordermesh_v1_StatusCount, StatusCount__Output as _ordermesh_v1_StatusCount__Output } from './ordermesh/v1/StatusCount.js';

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
      GetNodeStatsRequest: MessageTypeDefinition<_ordermesh_v1_GetNodeStatsRequest, _ordermesh_v1_GetNodeStatsRequest__Output>
      GetNodeStatsResponse: MessageTypeDefinition<_ordermesh_v1_GetNodeStatsResponse, _ordermesh_v1_GetNodeStatsResponse__Output>
      GetOrderHistoryRequest: MessageTypeDefinition<_ordermesh_v1_GetOrderHistoryRequest, _ordermesh_v1_GetOrderHistoryRequest__Output>
      GetOrderHistoryResponse: MessageTypeDefinition<_ordermesh_v1_GetOrderHistoryResponse, _ordermesh_v1_GetOrderHistoryResponse__Output>
      GetOrderRequest: MessageTypeDefinition<_ordermesh_v1_GetOrderRequest, _ordermesh_v1_GetOrderRequest__Output>
      GetOrderResponse: MessageTypeDefinition<_ordermesh_v1_GetOrderResponse, _ordermesh_v1_GetOrderResponse__Output>
      GetStatusRequest: MessageTypeDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_GetStatusRequest__Output>
      GetStatusResponse: MessageTypeDefinition<_ordermesh_v1_GetStatusResponse, _ordermesh_v1_GetStatusResponse__Output>
      LineItem: MessageTypeDefinition<_ordermesh_v1_LineItem, _ordermesh_v1_LineItem__Output>
      ListOrdersRequest: MessageTypeDefinition<_ordermesh_v1_ListOrdersRequest, _ordermesh_v1_ListOrdersRequest__Output>
      ListOrdersResponse: MessageTypeDefinition<_ordermesh_v1_ListOrdersResponse, _ordermesh_v1_ListOrdersResponse__Output>
      NodeLoad: MessageTypeDefinition<_ordermesh_v1_NodeLoad, _ordermesh_v1_NodeLoad__Output>
      /**
       * NodeService runs on each warehouse node (not through the gateway).
       */
      NodeService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_NodeServiceClient> & { service: _ordermesh_v1_NodeServiceDefinition }
      NodeStats: MessageTypeDefinition<_ordermesh_v1_NodeStats, _ordermesh_v1_NodeStats__Output>
      NodeStatus: MessageTypeDefinition<_ordermesh_v1_NodeStatus, _ordermesh_v1_NodeStatus__Output>
      Order: MessageTypeDefinition<_ordermesh_v1_Order, _ordermesh_v1_Order__Output>
      OrderEvent: MessageTypeDefinition<_ordermesh_v1_OrderEvent, _ordermesh_v1_OrderEvent__Output>
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
      SkuSales: MessageTypeDefinition<_ordermesh_v1_SkuSales, _ordermesh_v1_SkuSales__Output>
      Stats: MessageTypeDefinition<_ordermesh_v1_Stats, _ordermesh_v1_Stats__Output>
      StatusCount: MessageTypeDefinition<_ordermesh_v1_StatusCount, _ordermesh_v1_StatusCount__Output>
    }
  }
}

