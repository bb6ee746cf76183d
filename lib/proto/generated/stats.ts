import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetStatsRequest as _ordermesh_v1_GetStatsRequest, GetStatsRequest__Output as _ordermesh_v1_GetStatsRequest__Output } from './ordermesh/v1/GetStatsRequest.js';
import type { NodeStats as _ordermesh_v1_NodeStats, NodeStats__Output as _ordermesh_v1_NodeStats__Output } from './ordermesh/v1/NodeStats.js';
import type { SkuSales as _ordermesh_v1_SkuSales, SkuSales__Output as _ordermesh_v1_SkuSales__Output } from './ordermesh/v1/SkuSales.js';
import type { Stats as _ordermesh_v1_Stats, Stats__Output as _ordermesh_v1_Stats__Output } from './ordermesh/v1/Stats.js';
import type { StatusCount as _ordermesh_v1_StatusCount, StatusCount__Output as _ordermesh_v1_StatusCount__Output } from './ordermesh/v1/StatusCount.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  ordermesh: {
    v1: {
      GetStatsRequest: MessageTypeDefinition<_ordermesh_v1_GetStatsRequest, _ordermesh_v1_GetStatsRequest__Output>
      NodeStats: MessageTypeDefinition<_ordermesh_v1_NodeStats, _ordermesh_v1_NodeStats__Output>
      SkuSales: MessageTypeDefinition<_ordermesh_v1_SkuSales, _ordermesh_v1_SkuSales__Output>
      Stats: MessageTypeDefinition<_ordermesh_v1_Stats, _ordermesh_v1_Stats__Output>
      StatusCount: MessageTypeDefinition<_ordermesh_v1_StatusCount, _ordermesh_v1_StatusCount__Output>
    }
  }
}

