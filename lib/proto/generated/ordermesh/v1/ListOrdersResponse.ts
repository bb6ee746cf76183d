// Original file: proto/ordermesh/v1/order.proto

import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from '../../ordermesh/v1/Order.js';

export interface ListOrdersResponse {
  'orders'?: (_ordermesh_v1_Order)[];
  /**
   * Pass as page_token to get the next page; "" on the last page.
   */
  'nextPageToken'?: (string);
}

export interface ListOrdersResponse__Output {
  'orders': (_ordermesh_v1_Order__Output)[];
  /**
   * Pass as page_token to get the next page; "" on the last page.
   */
  'nextPageToken': (string);
}
