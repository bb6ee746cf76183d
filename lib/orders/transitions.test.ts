import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FINAL_STATUSES, ORDER_STATUSES, type OrderStatus } from './order-status.js';
import { canApply, TRANSITIONS, type OrderEvent } from './transitions.js';

describe('the table of legal transitions', () => {
  const events = Object.keys(TRANSITIONS) as OrderEvent[];

  it('should let no event happen to a final order, and some event to every other one', () => {
    for (const status of ORDER_STATUSES) {
      const applicable = events.filter((e) => canApply(e, status));
      if (FINAL_STATUSES.has(status)) assert.deepEqual(applicable, [], `${status} is final`);
      else assert.ok(applicable.length > 0, `${status} can move on`);
    }
  });

  it('should reach every status but the creation outcomes from RESERVED', () => {
    const reached = new Set<OrderStatus>(['RESERVED']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of events) {
        const { from, to } = TRANSITIONS[e];
        if (!reached.has(to) && from.some((s) => reached.has(s))) {
          reached.add(to);
          changed = true;
        }
      }
    }
    assert.deepEqual([...reached].sort(), ORDER_STATUSES.filter((s) => s !== 'REJECTED').sort());
  });

  it('should never move an order backwards in its lifecycle', () => {
    const rank = (s: OrderStatus): number => ({ RESERVED: 0, REJECTED: 9, PAID: 1, FULFILLING: 2, SHIPPED: 3, CANCELLED: 9 })[s];
    for (const e of events) for (const from of TRANSITIONS[e].from) assert.ok(rank(TRANSITIONS[e].to) > rank(from), `${e}: ${from} → ${TRANSITIONS[e].to}`);
  });
});
