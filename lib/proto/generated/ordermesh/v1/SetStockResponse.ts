// Original file: proto/ordermesh/v1/inventory.proto

import type { StockLevel as _ordermesh_v1_StockLevel, StockLevel__Output as _ordermesh_v1_StockLevel__Output } from '../../ordermesh/v1/StockLevel.js';

export interface SetStockResponse {
  'items'?: (_ordermesh_v1_StockLevel)[];
}

export interface SetStockResponse__Output {
  'items': (_ordermesh_v1_StockLevel__Output)[];
}
