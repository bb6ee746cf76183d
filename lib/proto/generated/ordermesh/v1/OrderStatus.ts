// Original file: proto/ordermesh/v1/order.proto

/**
 * The status of an order.
 */
export const OrderStatus = {
  ORDER_STATUS_UNSPECIFIED: 'ORDER_STATUS_UNSPECIFIED',
  /**
   * Stock is reserved; waiting for payment.
   */
  RESERVED: 'RESERVED',
  /**
   * No warehouse could supply every item; nothing was reserved. See Order.reason.
   */
  REJECTED: 'REJECTED',
  /**
   * Payment succeeded; the order waits in the outbox for the warehouse-management backend.
   */
  PAID: 'PAID',
  /**
   * The warehouse-management backend accepted the order for picking and packing.
   */
  FULFILLING: 'FULFILLING',
  /**
   * The order left the warehouse. Final.
   */
  SHIPPED: 'SHIPPED',
  /**
   * Payment failed, payment timed out, or the order was cancelled; its stock was released. Final.
   */
  CANCELLED: 'CANCELLED',
} as const;

/**
 * The status of an order.
 */
export type OrderStatus =
  | 'ORDER_STATUS_UNSPECIFIED'
  | 0
  /**
   * Stock is reserved; waiting for payment.
   */
  | 'RESERVED'
  | 1
  /**
   * No warehouse could supply every item; nothing was reserved. See Order.reason.
   */
  | 'REJECTED'
  | 2
  /**
   * Payment succeeded; the order waits in the outbox for the warehouse-management backend.
   */
  | 'PAID'
  | 3
  /**
   * The warehouse-management backend accepted the order for picking and packing.
   */
  | 'FULFILLING'
  | 4
  /**
   * The order left the warehouse. Final.
   */
  | 'SHIPPED'
  | 5
  /**
   * Payment failed, payment timed out, or the order was cancelled; its stock was released. Final.
   */
  | 'CANCELLED'
  | 6

/**
 * The status of an order.
 */
export type OrderStatus__Output = typeof OrderStatus[keyof typeof OrderStatus]
