import type { OrderStatus } from './order-status.js';

/** What can happen to an existing order. */
export type OrderEvent = 'pay' | 'payment-failed' | 'cancel' | 'payment-timeout' | 'deliver' | 'ship';

/** One legal change of status: from any of `from`, to `to`. */
export interface Transition {
  readonly from: readonly OrderStatus[];
  readonly to: OrderStatus;
}

/**
 * THE table of legal status changes (ARCHITECTURE.md, Orders): RESERVED → PAID → FULFILLING →
 * SHIPPED, RESERVED → CANCELLED, and a paid order may ship before its delivery is acknowledged
 * (the SHIPPED report can overtake it). Creation makes RESERVED or REJECTED. Every transition of
 * the order store checks its event here, in memory and in the UPDATE's WHERE clause (so a
 * concurrent change makes the UPDATE skip the row instead of overwriting it).
 */
export const TRANSITIONS: Readonly<Record<OrderEvent, Transition>> = {
  pay: { from: ['RESERVED'], to: 'PAID' },
  'payment-failed': { from: ['RESERVED'], to: 'CANCELLED' },
  cancel: { from: ['RESERVED'], to: 'CANCELLED' },
  'payment-timeout': { from: ['RESERVED'], to: 'CANCELLED' },
  deliver: { from: ['PAID'], to: 'FULFILLING' },
  ship: { from: ['PAID', 'FULFILLING'], to: 'SHIPPED' },
};

/** True when `event` may happen to an order that is `status`. */
export function canApply(event: OrderEvent, status: OrderStatus): boolean {
  return TRANSITIONS[event].from.includes(status);
}

/** The statuses `event` may happen to, e.g. for `WHERE status = ANY(...)`. */
export function statusesBefore(event: OrderEvent): OrderStatus[] {
  return [...TRANSITIONS[event].from];
}
