import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { Assignment as _ordermesh_v1_Assignment, Assignment__Output as _ordermesh_v1_Assignment__Output } from './ordermesh/v1/Assignment.js';
import type { ControlPlaneServiceClient as _ordermesh_v1_ControlPlaneServiceClient, ControlPlaneServiceDefinition as _ordermesh_v1_ControlPlaneServiceDefinition } from './ordermesh/v1/ControlPlaneService.js';
import type { DrainNodeRequest as _ordermesh_v1_DrainNodeRequest, DrainNodeRequest__Output as _ordermesh_v1_DrainNodeRequest__Output } from './ordermesh/v1/DrainNodeRequest.js';
import type { DrainNodeResponse as _ordermesh_v1_DrainNodeResponse, DrainNodeResponse__Output as _ordermesh_v1_DrainNodeResponse__Output } from './ordermesh/v1/DrainNodeResponse.js';
import type { GetAssignmentRequest as _ordermesh_v1_GetAssignmentRequest, GetAssignmentRequest__Output as _ordermesh_v1_GetAssignmentRequest__Output } from './ordermesh/v1/GetAssignmentRequest.js';
import type { GetStatsRequest as _ordermesh_v1_GetStatsRequest, GetStatsRequest__Output as _ordermesh_v1_GetStatsRequest__Output } from './ordermesh/v1/GetStatsRequest.js';
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from './ordermesh/v1/GetStatusRequest.js';
import type { LeaseInfo as _ordermesh_v1_LeaseInfo, LeaseInfo__Output as _ordermesh_v1_LeaseInfo__Output } from './ordermesh/v1/LeaseInfo.js';
import type { ListNodesRequest as _ordermesh_v1_ListNodesRequest, ListNodesRequest__Output as _ordermesh_v1_ListNodesRequest__Output } from './ordermesh/v1/ListNodesRequest.js';
import type { ListNodesResponse as _ordermesh_v1_ListNodesResponse, ListNodesResponse__Output as _ordermesh_v1_ListNodesResponse__Output } from './ordermesh/v1/ListNodesResponse.js';
import type { NodeAssignment as _ordermesh_v1_NodeAssignment, NodeAssignment__Output as _ordermesh_v1_NodeAssignment__Output } from './ordermesh/v1/NodeAssignment.js';
import type { NodeInfo as _ordermesh_v1_NodeInfo, NodeInfo__Output as _ordermesh_v1_NodeInfo__Output } from './ordermesh/v1/NodeInfo.js';
import type { NodeLoad as _ordermesh_v1_NodeLoad, NodeLoad__Output as _ordermesh_v1_NodeLoad__Output } from './ordermesh/v1/NodeLoad.js';
import type { NodeServiceClient as _ordermesh_v1_NodeServiceClient, NodeServiceDefinition as _ordermesh_v1_NodeServiceDefinition } from './ordermesh/v1/NodeService.js';
import type { NodeStats as _ordermesh_v1_NodeStats, NodeStats__Output as _ordermesh_v1_NodeStats__Output } from './ordermesh/v1/NodeStats.js';
import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from './ordermesh/v1/NodeStatus.js';
import type { RegionAssignment as _ordermesh_v1_RegionAssignment, RegionAssignment__Output as _ordermesh_v1_RegionAssignment__Output } from './ordermesh/v1/RegionAssignment.js';
import type { RingParameters as _ordermesh_v1_RingParameters, RingParameters__Output as _ordermesh_v1_RingParameters__Output } from './ordermesh/v1/RingParameters.js';
import type { SkuSales as _ordermesh_v1_SkuSales, SkuSales__Output as _ordermesh_v1_SkuSales__Output } from './ordermesh/v1/SkuSales.js';
import type { Stats as _ordermesh_v1_Stats, Stats__Output as _ordermesh_v1_Stats__Output } from './ordermesh/v1/Stats.js';
import type { StatusCount as _ordermesh_v1_StatusCount, StatusCount__Output as _ordermesh_v1_StatusCount__Output } from './ordermesh/v1/StatusCount.js';
import type { WatchAssignmentRequest as _ordermesh_v1_WatchAssignmentRequest, WatchAssignmentRequest__Output as _ordermesh_v1_WatchAssignmentRequest__Output } from './ordermesh/v1/WatchAssignmentRequest.js';

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
      Assignment: MessageTypeDefinition<_ordermesh_v1_Assignment, _ordermesh_v1_Assignment__Output>
      /**
       * ControlPlaneService is the admin API of the control plane (every replica serves it).
       */
      ControlPlaneService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_ControlPlaneServiceClient> & { service: _ordermesh_v1_ControlPlaneServiceDefinition }
      DrainNodeRequest: MessageTypeDefinition<_ordermesh_v1_DrainNodeRequest, _ordermesh_v1_DrainNodeRequest__Output>
      DrainNodeResponse: MessageTypeDefinition<_ordermesh_v1_DrainNodeResponse, _ordermesh_v1_DrainNodeResponse__Output>
      GetAssignmentRequest: MessageTypeDefinition<_ordermesh_v1_GetAssignmentRequest, _ordermesh_v1_GetAssignmentRequest__Output>
      GetStatsRequest: MessageTypeDefinition<_ordermesh_v1_GetStatsRequest, _ordermesh_v1_GetStatsRequest__Output>
      GetStatusRequest: MessageTypeDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_GetStatusRequest__Output>
      LeaseInfo: MessageTypeDefinition<_ordermesh_v1_LeaseInfo, _ordermesh_v1_LeaseInfo__Output>
      ListNodesRequest: MessageTypeDefinition<_ordermesh_v1_ListNodesRequest, _ordermesh_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_ordermesh_v1_ListNodesResponse, _ordermesh_v1_ListNodesResponse__Output>
      NodeAssignment: MessageTypeDefinition<_ordermesh_v1_NodeAssignment, _ordermesh_v1_NodeAssignment__Output>
      NodeInfo: MessageTypeDefinition<_ordermesh_v1_NodeInfo, _ordermesh_v1_NodeInfo__Output>
      NodeLoad: MessageTypeDefinition<_ordermesh_v1_NodeLoad, _ordermesh_v1_NodeLoad__Output>
      /**
       * NodeService runs on each warehouse node (not through the gateway).
       */
      NodeService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_NodeServiceClient> & { service: _ordermesh_v1_NodeServiceDefinition }
      NodeState: EnumTypeDefinition
      NodeStats: MessageTypeDefinition<_ordermesh_v1_NodeStats, _ordermesh_v1_NodeStats__Output>
      NodeStatus: MessageTypeDefinition<_ordermesh_v1_NodeStatus, _ordermesh_v1_NodeStatus__Output>
      RegionAssignment: MessageTypeDefinition<_ordermesh_v1_RegionAssignment, _ordermesh_v1_RegionAssignment__Output>
      RingParameters: MessageTypeDefinition<_ordermesh_v1_RingParameters, _ordermesh_v1_RingParameters__Output>
      SkuSales: MessageTypeDefinition<_ordermesh_v1_SkuSales, _ordermesh_v1_SkuSales__Output>
      Stats: MessageTypeDefinition<_ordermesh_v1_Stats, _ordermesh_v1_Stats__Output>
      StatusCount: MessageTypeDefinition<_ordermesh_v1_StatusCount, _ordermesh_v1_StatusCount__Output>
      WatchAssignmentRequest: MessageTypeDefinition<_ordermesh_v1_WatchAssignmentRequest, _ordermesh_v1_WatchAssignmentRequest__Output>
    }
  }
}

