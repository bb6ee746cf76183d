/** The order statuses a simulation counts, in the order people read them, and which are final. */
import type { OrderStatus } from '#lib/orders/index.js';

/** An order status by name, without the API enum's ORDER_STATUS_ prefix (as summaries show it). */
export type OrderStatusName = OrderStatus;

/** Statuses in which an order's life is over, unless the caller says otherwise. */
export const DEFAULT_FINAL_STATUSES: readonly OrderStatusName[] = ['SHIPPED', 'CANCELLED', 'REJECTED'];

/** Statuses in the order people read them (progress line, summary). */
export const STATUS_ORDER: readonly OrderStatusName[] = ['RESERVED', 'PAID', 'FULFILLING', 'SHIPPED', 'CANCELLED', 'REJECTED'];
