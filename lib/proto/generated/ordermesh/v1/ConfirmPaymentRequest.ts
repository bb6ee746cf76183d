// Original file: proto/ordermesh/v1/payment.proto

import type { Long } from '@grpc/proto-loader';

export interface ConfirmPaymentRequest {
  'orderId'?: (string);
  /**
   * The provider's payment id, 1 to 128 characters.
   */
  'paymentId'?: (string);
  /**
   * What was paid, in integer cents; must equal the order's total_cents when succeeded.
   */
  'amountCents'?: (number | string | Long);
  'succeeded'?: (boolean);
  /**
   * Why the payment failed, up to 500 characters (only when succeeded is false).
   */
  'failureReason'?: (string);
}

export interface ConfirmPaymentRequest__Output {
  'orderId': (string);
  /**
   * The provider's payment id, 1 to 128 characters.
   */
  'paymentId': (string);
  /**
   * What was paid, in integer cents; must equal the order's total_cents when succeeded.
   */
  'amountCents': (number);
  'succeeded': (boolean);
  /**
   * Why the payment failed, up to 500 characters (only when succeeded is false).
   */
  'failureReason': (string);
}
