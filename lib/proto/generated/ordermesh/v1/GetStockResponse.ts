// Original file: proto/ordermesh/v1/inventory.proto

import type { StockLevel as _ordermesh_v1_StockLevel, StockLevel__Output as _ordermesh_v1_StockLevel__Output } from '../../ordermesh/v1/StockLevel.js';

export interface GetStockResponse {
  'items'?: (_ordermesh_v1_StockLevel)[];
  'nextPageToken'?: (string);
}

export interface GetStockResponse__Output {
  'items': (_ordermesh_v1_StockLevel__Output)[];
  'nextPageToken': (string);
}
