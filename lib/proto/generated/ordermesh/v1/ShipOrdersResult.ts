// Original file: proto/ordermesh/v1/fulfillment.proto

import type { ShipOrderResponse as _ordermesh_v1_ShipOrderResponse, ShipOrderResponse__Output as _ordermesh_v1_ShipOrderResponse__Output } from '../../ordermesh/v1/ShipOrderResponse.js';

/**
 * The answer to one order of a batch: what ShipOrder would have answered.
 */
export interface ShipOrdersResult {
  /**
   * Set when status_code is 0 (OK).
   */
  'shipment'?: (_ordermesh_v1_ShipOrderResponse | null);
  /**
   * A google.rpc.Code: 0 (OK), or the status ShipOrder would have returned (e.g. 3
   * INVALID_ARGUMENT, 14 UNAVAILABLE: retry this order).
   */
  'statusCode'?: (number);
  /**
   * Empty when status_code is 0; otherwise the error.
   */
  'statusMessage'?: (string);
  'orderId'?: (string);
}

/**
 * The answer to one order of a batch: what ShipOrder would have answered.
 */
export interface ShipOrdersResult__Output {
  /**
   * Set when status_code is 0 (OK).
   */
  'shipment': (_ordermesh_v1_ShipOrderResponse__Output | null);
  /**
   * A google.rpc.Code: 0 (OK), or the status ShipOrder would have returned (e.g. 3
   * INVALID_ARGUMENT, 14 UNAVAILABLE: retry this order).
   */
  'statusCode': (number);
  /**
   * Empty when status_code is 0; otherwise the error.
   */
  'statusMessage': (string);
  'orderId': (string);
}
