// Original file: proto/ordermesh/v1/order.proto

/**
 * The status of an order.
 */
export const OrderStatus = {
  ORDER_STATUS_UNSPECIFIED: 'ORDER_STATUS_UNSPECIFIED',
  /**
   * Stock is reserved; waiting for payment.
   */
  ORDER_STATUS_RESERVED: 'ORDER_STATUS_RESERVED',
  /**
   * No warehouse could supply every item; nothing was reserved. See Order.reason.
   */
  ORDER_STATUS_REJECTED: 'ORDER_STATUS_REJECTED',
  /**
   * Payment succeeded; the order waits in the outbox for the warehouse-management backend.
   */
  ORDER_STATUS_PAID: 'ORDER_STATUS_PAID',
  /**
   * The warehouse-management backend accepted the order for picking and packing.
   */
  ORDER_STATUS_FULFILLING: 'ORDER_STATUS_FULFILLING',
  /**
   * The order left the warehouse. Final.
   */
  ORDER_STATUS_SHIPPED: 'ORDER_STATUS_SHIPPED',
  /**
   * Payment failed, payment timed out, or the order was cancelled; its stock was released. Final.
   */
  ORDER_STATUS_CANCELLED: 'ORDER_STATUS_CANCELLED',
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
  | 'ORDER_STATUS_RESERVED'
  | 1
  /**
   * No warehouse could supply every item; nothing was reserved. See Order.reason.
   */
  | 'ORDER_STATUS_REJECTED'
  | 2
  /**
   * Payment succeeded; the order waits in the outbox for the warehouse-management backend.
   */
  | 'ORDER_STATUS_PAID'
  | 3
  /**
   * The warehouse-management backend accepted the order for picking and packing.
   */
  | 'ORDER_STATUS_FULFILLING'
  | 4
  /**
   * The order left the warehouse. Final.
   */
  | 'ORDER_STATUS_SHIPPED'
  | 5
  /**
   * Payment failed, payment timed out, or the order was cancelled; its stock was released. Final.
   */
  | 'ORDER_STATUS_CANCELLED'
  | 6

/**
 * The status of an order.
 */
export type OrderStatus__Output = typeof OrderStatus[keyof typeof OrderStatus]
