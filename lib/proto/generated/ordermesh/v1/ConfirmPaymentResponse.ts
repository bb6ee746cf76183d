// Original file: proto/ordermesh/v1/payment.proto

import type { Order as _ordermesh_v1_Order, Order__Output as _ordermesh_v1_Order__Output } from '../../ordermesh/v1/Order.js';

export interface ConfirmPaymentResponse {
  /**
   * The order: PAID (then FULFILLING once the backend accepts it), or CANCELLED when the payment
   * failed.
   */
  'order'?: (_ordermesh_v1_Order | null);
}

export interface ConfirmPaymentResponse__Output {
  /**
   * The order: PAID (then FULFILLING once the backend accepts it), or CANCELLED when the payment
   * failed.
   */
  'order': (_ordermesh_v1_Order__Output | null);
}
