// Original file: proto/ordermesh/v1/fulfillment.proto

import type { Shipment as _ordermesh_v1_Shipment, Shipment__Output as _ordermesh_v1_Shipment__Output } from '../../ordermesh/v1/Shipment.js';
import type { StockAdded as _ordermesh_v1_StockAdded, StockAdded__Output as _ordermesh_v1_StockAdded__Output } from '../../ordermesh/v1/StockAdded.js';
import type { Long } from '@grpc/proto-loader';

export interface FulfillmentReport {
  'shipments'?: (_ordermesh_v1_Shipment)[];
  'stockAdded'?: (_ordermesh_v1_StockAdded)[];
  /**
   * ShipOrder calls answered UNAVAILABLE on purpose (the configured failure rate).
   */
  'injectedFailures'?: (number | string | Long);
}

export interface FulfillmentReport__Output {
  'shipments': (_ordermesh_v1_Shipment__Output)[];
  'stockAdded': (_ordermesh_v1_StockAdded__Output)[];
  /**
   * ShipOrder calls answered UNAVAILABLE on purpose (the configured failure rate).
   */
  'injectedFailures': (number);
}
