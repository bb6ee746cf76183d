import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetStockRequest as _ordermesh_v1_GetStockRequest, GetStockRequest__Output as _ordermesh_v1_GetStockRequest__Output } from './ordermesh/v1/GetStockRequest.js';
import type { GetStockResponse as _ordermesh_v1_GetStockResponse, GetStockResponse__Output as _ordermesh_v1_GetStockResponse__Output } from './ordermesh/v1/GetStockResponse.js';
import type { InventoryServiceClient as _ordermesh_v1_InventoryServiceClient, InventoryServiceDefinition as _ordermesh_v1_InventoryServiceDefinition } from './ordermesh/v1/InventoryService.js';
import type { SetStockRequest as _ordermesh_v1_SetStockRequest, SetStockRequest__Output as _ordermesh_v1_SetStockRequest__Output } from './ordermesh/v1/SetStockRequest.js';
import type { SetStockResponse as _ordermesh_v1_SetStockResponse, SetStockResponse__Output as _ordermesh_v1_SetStockResponse__Output } from './ordermesh/v1/SetStockResponse.js';
import type { StockLevel as _ordermesh_v1_StockLevel, StockLevel__Output as _ordermesh_v1_StockLevel__Output } from './ordermesh/v1/StockLevel.js';
import type { StockUpdate as _ordermesh_v1_StockUpdate, StockUpdate__Output as _ordermesh_v1_StockUpdate__Output } from './ordermesh/v1/StockUpdate.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  ordermesh: {
    v1: {
      GetStockRequest: MessageTypeDefinition<_ordermesh_v1_GetStockRequest, _ordermesh_v1_GetStockRequest__Output>
      GetStockResponse: MessageTypeDefinition<_ordermesh_v1_GetStockResponse, _ordermesh_v1_GetStockResponse__Output>
      /**
       * InventoryService sets and reads stock per warehouse. Warehouse ids are "<REGION>-<NAME>",
       * e.g. "HCM-01"; the prefix names the region the warehouse is in, and a warehouse exists once
       * stock has been set for it.
       */
      InventoryService: SubtypeConstructor<typeof grpc.Client, _ordermesh_v1_InventoryServiceClient> & { service: _ordermesh_v1_InventoryServiceDefinition }
      SetStockRequest: MessageTypeDefinition<_ordermesh_v1_SetStockRequest, _ordermesh_v1_SetStockRequest__Output>
      SetStockResponse: MessageTypeDefinition<_ordermesh_v1_SetStockResponse, _ordermesh_v1_SetStockResponse__Output>
      StockLevel: MessageTypeDefinition<_ordermesh_v1_StockLevel, _ordermesh_v1_StockLevel__Output>
      StockUpdate: MessageTypeDefinition<_ordermesh_v1_StockUpdate, _ordermesh_v1_StockUpdate__Output>
      StockUpdateMode: EnumTypeDefinition
    }
  }
}

