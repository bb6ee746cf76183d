// Original file: proto/ordermesh/v1/payment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConfirmPaymentRequest as _ordermesh_v1_ConfirmPaymentRequest, ConfirmPaymentRequest__Output as _ordermesh_v1_ConfirmPaymentRequest__Output } from '../../ordermesh/v1/ConfirmPaymentRequest.js';
import type { ConfirmPaymentResponse as _ordermesh_v1_ConfirmPaymentResponse, ConfirmPaymentResponse__Output as _ordermesh_v1_ConfirmPaymentResponse__Output } from '../../ordermesh/v1/ConfirmPaymentResponse.js';

/**
 * PaymentService takes the payment provider's callback for an order.
 */
export interface PaymentServiceClient extends grpc.Client {
  /**
   * Records the outcome of a payment for a RESERVED order. A success moves it to PAID (and
   * into the fulfilment outbox); a failure CANCELS it and releases its stock. Idempotent per
   * payment_id: repeating a payment returns the order as that payment left it. A different
   * payment for an order that is already paid or cancelled is FAILED_PRECONDITION.
   */
  ConfirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  ConfirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  ConfirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  ConfirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Records the outcome of a payment for a RESERVED order. A success moves it to PAID (and
   * into the fulfilment outbox); a failure CANCELS it and releases its stock. Idempotent per
   * payment_id: repeating a payment returns the order as that payment left it. A different
   * payment for an order that is already paid or cancelled is FAILED_PRECONDITION.
   */
  confirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  confirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  confirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  confirmPayment(argument: _ordermesh_v1_ConfirmPaymentRequest, callback: grpc.requestCallback<_ordermesh_v1_ConfirmPaymentResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * PaymentService takes the payment provider's callback for an order.
 */
export interface PaymentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Records the outcome of a payment for a RESERVED order. A success moves it to PAID (and
   * into the fulfilment outbox); a failure CANCELS it and releases its stock. Idempotent per
   * payment_id: repeating a payment returns the order as that payment left it. A different
   * payment for an order that is already paid or cancelled is FAILED_PRECONDITION.
   */
  ConfirmPayment: grpc.handleUnaryCall<_ordermesh_v1_ConfirmPaymentRequest__Output, _ordermesh_v1_ConfirmPaymentResponse>;
  
}

export interface PaymentServiceDefinition extends grpc.ServiceDefinition {
  ConfirmPayment: MethodDefinition<_ordermesh_v1_ConfirmPaymentRequest, _ordermesh_v1_ConfirmPaymentResponse, _ordermesh_v1_ConfirmPaymentRequest__Output, _ordermesh_v1_ConfirmPaymentResponse__Output>
}
