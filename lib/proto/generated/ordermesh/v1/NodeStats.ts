// Original file: proto/ordermesh/v1/stats.proto

import type { StatusCount as _ordermesh_v1_StatusCount, StatusCount__Output as _ordermesh_v1_StatusCount__Output } from '../../ordermesh/v1/StatusCount.js';

export interface NodeStats {
  'nodeId'?: (string);
  /**
   * Orders whose last change this node made, by status.
   */
  'ordersByStatus'?: (_ordermesh_v1_StatusCount)[];
}

export interface NodeStats__Output {
  'nodeId': (string);
  /**
   * Orders whose last change this node made, by status.
   */
  'ordersByStatus': (_ordermesh_v1_StatusCount__Output)[];
}
