// Original file: proto/ordermesh/v1/fulfillment.proto

import type { FulfillmentReport as _ordermesh_v1_FulfillmentReport, FulfillmentReport__Output as _ordermesh_v1_FulfillmentReport__Output } from '../../ordermesh/v1/FulfillmentReport.js';

export interface GetReportResponse {
  'report'?: (_ordermesh_v1_FulfillmentReport | null);
}

export interface GetReportResponse__Output {
  'report': (_ordermesh_v1_FulfillmentReport__Output | null);
}
