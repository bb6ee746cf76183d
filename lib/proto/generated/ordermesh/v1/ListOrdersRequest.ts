// Original file: proto/ordermesh/v1/order.proto

import type { OrderStatus as _ordermesh_v1_OrderStatus, OrderStatus__Output as _ordermesh_v1_OrderStatus__Output } from '../../ordermesh/v1/OrderStatus.js';

export interface ListOrdersRequest {
  /**
   * Only orders of this home region ("" for all).
   */
  'region'?: (string);
  /**
   * Only orders in this status (ORDER_STATUS_UNSPECIFIED for all).
   */
  'status'?: (_ordermesh_v1_OrderStatus);
  /**
   * At most this many orders, 1 to 1000; 0 means 100.
   */
  'pageSize'?: (number);
  /**
   * The next_page_token of the previous page ("" for the first page).
   */
  'pageToken'?: (string);
}

export interface ListOrdersRequest__Output {
  /**
   * Only orders of this home region ("" for all).
   */
  'region': (string);
  /**
   * Only orders in this status (ORDER_STATUS_UNSPECIFIED for all).
   */
  'status': (_ordermesh_v1_OrderStatus__Output);
  /**
   * At most this many orders, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * The next_page_token of the previous page ("" for the first page).
   */
  'pageToken': (string);
}
