import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import { contextFromTraceparent, inSpan } from '#lib/telemetry/index.js';
import { context } from '@opentelemetry/api';
import { query, type Db } from '../db/database.js';
import { orders } from '../db/schema.js';
import type { OrderStore } from '../orders/order-store.js';
import type { Ownership } from './ownership.js';

/** Options of {@link PaymentTimeouts}. */
export interface PaymentTimeoutsOptions {
  db: Db;
  orders: OrderStore;
  ownership: Ownership;
  log: Logger;
  /** The configured payment timeout, for the cancellation reason. */
  paymentTimeoutMs: number;
  /** How often to look for overdue orders; default 500 ms. */
  pollIntervalMs?: number;
}

/**
 * Cancels RESERVED orders whose payment is overdue, releasing their stock. The deadline lives
 * in Postgres (orders.payment_due_at), so a node that takes an order over resumes its timer: the
 * timer is the row, not a setTimeout in a process that may die.
 */
export class PaymentTimeouts {
  private expiredCount = 0;

  constructor(private readonly options: PaymentTimeoutsOptions) {}

  /** Orders this worker cancelled since start. */
  get expired(): number {
    return this.expiredCount;
  }

  /** Sweeps until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 500;
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message }, 'payment timeout sweep failed');
      }
      await sleep(interval, signal);
    }
  }

  private async sweep(): Promise<void> {
    const regions = this.options.ownership.regions();
    if (regions.length === 0) return;
    const due = await query(() =>
      this.options.db
        .select({ orderId: orders.orderId, traceparent: orders.traceparent })
        .from(orders)
        .where(and(eq(orders.status, 'RESERVED'), lte(orders.paymentDueAt, sql`now()`), inArray(orders.region, regions)))
        .orderBy(asc(orders.paymentDueAt))
        .limit(500),
    );
    const reason = `payment timeout: no payment within ${Math.round(this.options.paymentTimeoutMs / 1000)} s`;
    for (const { orderId, traceparent } of due) {
      if (!this.options.ownership.owns(orderId)) continue;
      const cancelled = await context.with(contextFromTraceparent(traceparent), () =>
        inSpan('order.paymentTimeout', { 'ordermesh.order_id': orderId }, () => this.options.orders.expirePayment(orderId, reason)),
      );
      if (cancelled) {
        this.expiredCount += 1;
        this.options.log.info({ orderId }, 'order cancelled: payment timeout');
      }
    }
  }
}
