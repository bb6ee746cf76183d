import * as grpc from '@grpc/grpc-js';
import { SpanKind, context } from '@opentelemetry/api';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { callUnary } from '../../../lib/grpc/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import type { FulfillmentServiceClient } from '../../../lib/proto/generated/ordermesh/v1/FulfillmentService.js';
import { sleep } from '../../../lib/runtime/index.js';
import { contextFromTraceparent, inSpan } from '../../../lib/telemetry/index.js';
import { query, type Db } from '../db/database.js';
import { orderItems, orders, outbox } from '../db/schema.js';
import type { OrderStore } from '../orders/order-store.js';
import { retryDelayMs } from './backoff-delay.js';
import type { Ownership } from './ownership.js';

/** Options of {@link OutboxWorker}. */
export interface OutboxWorkerOptions {
  db: Db;
  orders: OrderStore;
  ownership: Ownership;
  fulfillment: FulfillmentServiceClient;
  log: Logger;
  /** How often to look for due rows when nothing woke the worker; default 250 ms. */
  pollIntervalMs?: number;
  /** First retry delay and cap of the exponential backoff; default 200 ms and 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Deadline of one ShipOrder call; default 5 s. */
  callTimeoutMs?: number;
  /** Deliveries in flight at once; default 16. */
  concurrency?: number;
}

/** A line of a ShipOrder request. */
interface ShipItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

interface DueRow {
  id: string;
  orderId: string;
  attempts: number;
  traceparent: string;
  warehouseId: string;
}

/**
 * Delivers PAID orders to the warehouse-management backend from the transactional outbox.
 * Each pass reads the due rows of the regions this node may own, keeps the ones it owns, and
 * calls ShipOrder with the row id as idempotency key; success closes the row and moves the
 * order to FULFILLING, failure schedules a retry with exponential backoff and jitter. A node
 * that takes over orders (failover, drain, join) finds their rows here, so no order is stuck;
 * two nodes delivering the same row during a hand-over is harmless (ShipOrder is idempotent per
 * order id), so no order ships twice.
 */
export class OutboxWorker {
  private wake: (() => void) | undefined;
  private delivered = 0;
  private failed = 0;

  constructor(private readonly options: OutboxWorkerOptions) {}

  /** Deliveries that succeeded since start. */
  get deliveries(): number {
    return this.delivered;
  }

  /** Deliveries that failed (and were scheduled for a retry) since start. */
  get failedDeliveries(): number {
    return this.failed;
  }

  /**
   * The outbox of the whole database (every node's): rows not yet delivered, and how long the
   * oldest due one has been waiting (0 when none is due). One aggregate over the pending rows'
   * partial index; for metrics, read at most every few seconds.
   */
  async backlog(): Promise<{ pending: number; oldestDueAgeS: number }> {
    const [row] = await query(() =>
      this.options.db
        .select({
          pending: sql<string>`count(*)`,
          oldestDueAgeS: sql<string | null>`extract(epoch FROM now() - min(${outbox.nextAttemptAt}) FILTER (WHERE ${outbox.nextAttemptAt} <= now()))`,
        })
        .from(outbox)
        .where(isNull(outbox.deliveredAt)),
    );
    return { pending: Number(row?.pending ?? 0), oldestDueAgeS: Math.max(0, Number(row?.oldestDueAgeS ?? 0)) };
  }

  /** Looks for due rows now (after this node made an order PAID) instead of at the next poll. */
  kick(): void {
    this.wake?.();
  }

  /** Delivers until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 250;
    while (!signal.aborted) {
      let found = 0;
      try {
        found = await this.pass(signal);
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message }, 'outbox pass failed');
      }
      if (found > 0 || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(interval, signal).then(resolve);
      });
      this.wake = undefined;
    }
  }

  /** One pass: deliver every due row this node owns. Returns how many it tried. */
  private async pass(signal: AbortSignal): Promise<number> {
    const regions = this.options.ownership.regions();
    if (regions.length === 0) return 0;
    const rows: DueRow[] = await query(() =>
      this.options.db
        .select({ id: outbox.id, orderId: outbox.orderId, attempts: outbox.attempts, traceparent: outbox.traceparent, warehouseId: orders.warehouseId })
        .from(outbox)
        .innerJoin(orders, eq(orders.orderId, outbox.orderId))
        .where(and(isNull(outbox.deliveredAt), lte(outbox.nextAttemptAt, sql`now()`), inArray(orders.region, regions)))
        .orderBy(asc(outbox.nextAttemptAt))
        .limit(500),
    );
    const mine = rows.filter((r) => this.options.ownership.owns(r.orderId));
    if (mine.length === 0) return 0;
    // The lines of every row of the pass in one query, not one per delivery.
    const lines = await query(() =>
      this.options.db
        .select({ orderId: orderItems.orderId, sku: orderItems.sku, quantity: orderItems.quantity, unitPriceCents: orderItems.unitPriceCents })
        .from(orderItems)
        .where(inArray(orderItems.orderId, mine.map((r) => r.orderId)))
        .orderBy(asc(orderItems.orderId), asc(orderItems.lineNo)),
    );
    const itemsOf = new Map<string, ShipItem[]>();
    for (const { orderId, ...line } of lines) {
      const list = itemsOf.get(orderId) ?? [];
      list.push({ ...line, lineTotalCents: line.quantity * line.unitPriceCents });
      itemsOf.set(orderId, list);
    }
    const concurrency = this.options.concurrency ?? 16;
    for (let i = 0; i < mine.length && !signal.aborted; i += concurrency) {
      await Promise.all(mine.slice(i, i + concurrency).map((row) => this.deliver(row, itemsOf.get(row.orderId) ?? [], signal)));
    }
    return mine.length;
  }

  private async deliver(row: DueRow, items: ShipItem[], signal: AbortSignal): Promise<void> {
    const { log } = this.options;
    // The delivery joins the order's trace, which started at its CreateOrder.
    await context.with(contextFromTraceparent(row.traceparent), () =>
      inSpan(
        'outbox.deliver',
        { 'ordermesh.order_id': row.orderId, 'ordermesh.attempt': row.attempts + 1 },
        async () => {
          try {
            const { fulfillment } = this.options;
            await callUnary(
              fulfillment,
              fulfillment.ShipOrder,
              {
                orderId: row.orderId,
                idempotencyKey: row.id,
                warehouseId: row.warehouseId,
                items,
              },
              { deadline: Date.now() + (this.options.callTimeoutMs ?? 5_000), signal },
            );
          } catch (err) {
            await this.scheduleRetry(row, err);
            return;
          }
          await this.options.orders.recordDelivery(row.orderId);
          this.delivered += 1;
          log.debug({ orderId: row.orderId, attempt: row.attempts + 1 }, 'order delivered to fulfilment');
        },
        SpanKind.INTERNAL,
      ),
    );
  }

  private async scheduleRetry(row: DueRow, err: unknown): Promise<void> {
    const e = err as Partial<grpc.ServiceError>;
    const attempt = row.attempts + 1;
    this.failed += 1;
    const delayMs = retryDelayMs(attempt, this.options.retryBaseMs ?? 200, this.options.retryMaxMs ?? 30_000);
    const message = `${e.code !== undefined ? grpc.status[e.code] : 'ERROR'}: ${e.details ?? (err as Error).message}`;
    this.options.log.info({ orderId: row.orderId, attempt, delayMs, error: message }, 'delivery failed, will retry');
    await query(() =>
      this.options.db
        .update(outbox)
        .set({ attempts: attempt, nextAttemptAt: new Date(Date.now() + delayMs), lastError: message.slice(0, 500) })
        .where(and(eq(outbox.id, row.id), isNull(outbox.deliveredAt))),
    );
  }
}
