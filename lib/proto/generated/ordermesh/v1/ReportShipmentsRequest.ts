// Original file: proto/ordermesh/v1/order.proto

import type { ReportShipmentRequest as _ordermesh_v1_ReportShipmentRequest, ReportShipmentRequest__Output as _ordermesh_v1_ReportShipmentRequest__Output } from '../../ordermesh/v1/ReportShipmentRequest.js';

export interface ReportShipmentsRequest {
  /**
   * 1 to 1000 reports; each is validated as ReportShipment's request.
   */
  'reports'?: (_ordermesh_v1_ReportShipmentRequest)[];
}

export interface ReportShipmentsRequest__Output {
  /**
   * 1 to 1000 reports; each is validated as ReportShipment's request.
   */
  'reports': (_ordermesh_v1_ReportShipmentRequest__Output)[];
}
