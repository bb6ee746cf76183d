import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { GetStatsRequest as _ordermesh_v1_GetStatsRequest, GetStatsRequest__Output as _ordermesh_v1_GetStatsRequest__Output } from './ordermesh/v1/GetStatsRequest.js';
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from './ordermesh/v1/GetStatusRequest.js';
import type { NodeLoad as _ordermesh_v1_NodeLoad, NodeLoad__Output as _ordermesh_v1_NodeLoad__Output } from './ordermesh/v1/NodeLoad.js';
import type { NodeServiceClient as _ordermesh_v1_NodeServiceClient, NodeServiceDefinition as _ordermesh_v1_NodeServiceDefinition } from './ordermesh/v1/NodeService.js';
import type { NodeStats as _ordermesh_v1_NodeStats, NodeStats__Output as _ordermesh_v1_NodeStats__Output } from './ordermesh/v1/NodeStats.js';
import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from './ordermesh/v1/NodeStatus.js';
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
      GetStatsRequest: MessageTypeDefinition<_ordermesh_v1_GetStatsRequest, _ordermesh_v1_GetStatsRequest__Output>
      GetStatusRequest: MessageTypeDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_GetStatusRequest__Output>
      NodeLoad: MessageTypeDefinition<_ordermesh_v1_NodeLoad, _ordermesh_v1_NodeLoad__Output>
      /**
       * NodeService runs on each warehouse node (not through the gateway).
       */
      NodeService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_NodeServiceClient> & { service: _ordermesh_v1_NodeServiceDefinition }
      NodeStats: MessageTypeDefinition<_ordermesh_v1_NodeStats, _ordermesh_v1_NodeStats__Output>
      NodeStatus: MessageTypeDefinition<_ordermesh_v1_NodeStatus, _ordermesh_v1_NodeStatus__Output>
      SkuSales: MessageTypeDefinition<_ordermesh_v1_SkuSales, _ordermesh_v1_SkuSales__Output>
      Stats: MessageTypeDefinition<_ordermesh_v1_Stats, _ordermesh_v1_Stats__Output>
      StatusCount: MessageTypeDefinition<_ordermesh_v1_StatusCount, _ordermesh_v1_StatusCount__Output>
    }
  }
}

