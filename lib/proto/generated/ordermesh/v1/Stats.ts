// Original file: proto/ordermesh/v1/stats.proto

import type { SkuSales as _ordermesh_v1_SkuSales, SkuSales__Output as _ordermesh_v1_SkuSales__Output } from '../../ordermesh/v1/SkuSales.js';
import type { StatusCount as _ordermesh_v1_StatusCount, StatusCount__Output as _ordermesh_v1_StatusCount__Output } from '../../ordermesh/v1/StatusCount.js';
import type { NodeStats as _ordermesh_v1_NodeStats, NodeStats__Output as _ordermesh_v1_NodeStats__Output } from '../../ordermesh/v1/NodeStats.js';

export interface Stats {
  'sales'?: (_ordermesh_v1_SkuSales)[];
  'ordersByStatus'?: (_ordermesh_v1_StatusCount)[];
  'nodes'?: (_ordermesh_v1_NodeStats)[];
}

export interface Stats__Output {
  'sales': (_ordermesh_v1_SkuSales__Output)[];
  'ordersByStatus': (_ordermesh_v1_StatusCount__Output)[];
  'nodes': (_ordermesh_v1_NodeStats__Output)[];
}
