// Original file: proto/ordermesh/v1/order.proto

import type { ReportShipmentsResult as _ordermesh_v1_ReportShipmentsResult, ReportShipmentsResult__Output as _ordermesh_v1_ReportShipmentsResult__Output } from '../../ordermesh/v1/ReportShipmentsResult.js';

export interface ReportShipmentsResponse {
  /**
   * One result per report, in the order of the request.
   */
  'results'?: (_ordermesh_v1_ReportShipmentsResult)[];
}

export interface ReportShipmentsResponse__Output {
  /**
   * One result per report, in the order of the request.
   */
  'results': (_ordermesh_v1_ReportShipmentsResult__Output)[];
}
