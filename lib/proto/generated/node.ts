import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { GetStatusRequest as _ordermesh_v1_GetStatusRequest, GetStatusRequest__Output as _ordermesh_v1_GetStatusRequest__Output } from './ordermesh/v1/GetStatusRequest.js';
import type { NodeLoad as _ordermesh_v1_NodeLoad, NodeLoad__Output as _ordermesh_v1_NodeLoad__Output } from './ordermesh/v1/NodeLoad.js';
import type { NodeServiceClient as _ordermesh_v1_NodeServiceClient, NodeServiceDefinition as _ordermesh_v1_NodeServiceDefinition } from './ordermesh/v1/NodeService.js';
import type { NodeStatus as _ordermesh_v1_NodeStatus, NodeStatus__Output as _ordermesh_v1_NodeStatus__Output } from './ordermesh/v1/NodeStatus.js';

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
      GetStatusRequest: MessageTypeDefinition<_ordermesh_v1_GetStatusRequest, _ordermesh_v1_GetStatusRequest__Output>
      NodeLoad: MessageTypeDefinition<_ordermesh_v1_NodeLoad, _ordermesh_v1_NodeLoad__Output>
      /**
       * NodeService runs on each warehouse node (not through the gateway).
       */
      NodeService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_NodeServiceClient> & { service: _ordermesh_v1_NodeServiceDefinition }
      NodeStatus: MessageTypeDefinition<_ordermesh_v1_NodeStatus, _ordermesh_v1_NodeStatus__Output>
    }
  }
}

