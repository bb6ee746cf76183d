// Original file: proto/ordermesh/v1/inventory.proto

import type { StockUpdate as _ordermesh_v1_StockUpdate, StockUpdate__Output as _ordermesh_v1_StockUpdate__Output } from '../../ordermesh/v1/StockUpdate.js';
import type { StockUpdateMode as _ordermesh_v1_StockUpdateMode, StockUpdateMode__Output as _ordermesh_v1_StockUpdateMode__Output } from '../../ordermesh/v1/StockUpdateMode.js';

export interface SetStockRequest {
  'warehouseId'?: (string);
  /**
   * 1 to 1000 updates, each sku at most once.
   */
  'items'?: (_ordermesh_v1_StockUpdate)[];
  'mode'?: (_ordermesh_v1_StockUpdateMode);
}

export interface SetStockRequest__Output {
  'warehouseId': (string);
  /**
   * 1 to 1000 updates, each sku at most once.
   */
  'items': (_ordermesh_v1_StockUpdate__Output)[];
  'mode': (_ordermesh_v1_StockUpdateMode__Output);
}
