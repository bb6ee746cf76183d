import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { callUnary, statusOf } from '#lib/grpc/index.js';
import type { Logger } from '#lib/logging/index.js';
import type { FulfillmentServiceClient } from '#lib/proto/index.js';
import { backoffDelayMs, sleep, type BackoffOptions } from '#lib/runtime/index.js';
import { contextFromTraceparent, traceparentOf, tracer } from '#lib/telemetry/index.js';
import { query } from '../db/database.js';
import type { OrderStore } from '../orders/order-store.js';
import type { DeliveryRetry, DueDelivery, OutboxStore } from './outbox-store.js';
import type { Ownership } from './ownership.js';

/** Options of {@link OutboxWorker}. */
export interface OutboxWorkerOptions {
  store: OutboxStore;
  orders: OrderStore;
  ownership: Ownership;
  fulfillment: FulfillmentServiceClient;
  log: Logger;
  /** How often to look for due rows when nothing woke the worker; default 250 ms. */
  pollIntervalMs?: number;
  /** First retry delay and cap of the exponential backoff; default 200 ms and 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Deadline of one ShipOrders call; default 5 s. */
  callTimeoutMs?: number;
  /** Orders per ShipOrders call; default 100. */
  batchSize?: number;
  /** ShipOrders calls in flight at once; default 4. */
  concurrency?: number;
}

/**
 * A row refused this many times in a row means the backend was down, not that it refused one
 * call (wms-sim refuses a share of orders on purpose; three in a row of one row is rare).
 */
const OUTAGE_ATTEMPTS = 3;

/** The most rows whose attempts at the last recovery are remembered (see attemptsAtRecovery). */
const MAX_RECOVERED_ROWS = 100_000;

/** Rows read per pass: enough for every batch in flight. */
const passRows = (batchSize: number, concurrency: number): number => batchSize * concurrency;

/**
 * Delivers PAID orders to the warehouse-management backend from the transactional outbox, in
 * batches. Each pass reads the due rows of the regions this node may own (with their lines, in
 * one query), keeps the ones it owns, and sends them in ShipOrders calls of up to `batchSize`
 * orders, each order with its row id as idempotency key and its own trace context. Per order:
 * success closes the row and moves the order to FULFILLING (concurrent acknowledgements are
 * group-committed by the store); failure schedules a retry with exponential backoff and jitter
 * (all of a pass's retries in one statement). A node that takes over orders (failover, drain,
 * join) finds their rows here, so no order is stuck; two nodes delivering the same row during
 * a hand-over is harmless (ShipOrder is idempotent per order id), so no order ships twice.
 * The worker is woken by the commit that made rows due ({@link kick}); it polls only when idle.
 */
export class OutboxWorker {
  private wake: (() => void) | undefined;
  private kicked = false;
  private delivered = 0;
  private failed = 0;
  /** A delivery failed {@link OUTAGE_ATTEMPTS} times in a row since the last success. */
  private outageSeen = false;
  /**
   * Per row brought forward after an outage, the attempts it had then. Its backoff starts over
   * from there: the outage's failures were the backend's, so a row refused once more after it
   * is back (wms-sim refuses a share on purpose) waits 200 ms, not the 30 s its count would give.
   * In memory only: after a restart every row's backoff follows its count again.
   */
  private readonly attemptsAtRecovery = new Map<string, number>();

  constructor(private readonly options: OutboxWorkerOptions) {}

  /**
   * Delays between delivery attempts: `retryBaseMs` doubling to `retryMaxMs`, spread ±50 % so
   * that retries of many orders after one outage do not arrive together.
   */
  private get retryBackoff(): BackoffOptions {
    return { initialDelayMs: this.options.retryBaseMs ?? 200, maxDelayMs: this.options.retryMaxMs ?? 30_000, jitter: 0.5, jitterDirection: 'both' };
  }

  /** Deliveries that succeeded since start. */
  get deliveries(): number {
    return this.delivered;
  }

  /** Deliveries that failed (and were scheduled for a retry) since start. */
  get failedDeliveries(): number {
    return this.failed;
  }

  /** Looks for due rows now (after this node made an order PAID) instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Delivers until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 250;
    while (!signal.aborted) {
      this.kicked = false;
      let found = 0;
      try {
        found = await this.pass(signal);
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message }, 'outbox pass failed');
      }
      // A full pass, or a commit that made rows due while it ran: look again at once.
      if (found > 0 || this.kicked || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(interval, signal).then(resolve);
      });
      this.wake = undefined;
    }
  }

  /** One pass: deliver every due row this node owns. Returns how many it tried. */
  private async pass(signal: AbortSignal): Promise<number> {
    const batchSize = this.options.batchSize ?? 100;
    const concurrency = this.options.concurrency ?? 4;
    const rows = await query(() => this.options.store.due(this.options.ownership.regions(), passRows(batchSize, concurrency)));
    const mine = rows.filter((r) => this.options.ownership.owns(r.orderId));
    if (mine.length === 0) return 0;
    const batches: DueDelivery[][] = [];
    for (let i = 0; i < mine.length; i += batchSize) batches.push(mine.slice(i, i + batchSize));
    const retries = (await Promise.all(batches.map((batch) => this.deliverBatch(batch, signal)))).flat();
    if (retries.length > 0) {
      this.failed += retries.length;
      await query(() => this.options.store.scheduleRetries(retries));
      this.options.log.info({ orders: retries.length, first: retries[0]!.error }, 'deliveries failed, will retry');
    }
    return mine.length;
  }

  /** One ShipOrders call for `rows`; resolves with the retries to schedule. */
  private async deliverBatch(rows: DueDelivery[], signal: AbortSignal): Promise<DeliveryRetry[]> {
    const { fulfillment } = this.options;
    // Each delivery is a span in its own order's trace (which began at its CreateOrder); the
    // backend's work on the order joins it through the item's traceparent.
    const spans = rows.map((row) =>
      tracer().startSpan('outbox.deliver', { kind: SpanKind.CLIENT, attributes: { 'ordermesh.order_id': row.orderId, 'ordermesh.attempt': row.attempts + 1 } }, contextFromTraceparent(row.traceparent)),
    );
    let results: Array<{ statusCode: number; statusMessage: string }>;
    try {
      const response = await callUnary(
        fulfillment,
        fulfillment.ShipOrders,
        {
          orders: rows.map((row, i) => ({
            orderId: row.orderId,
            idempotencyKey: row.id,
            warehouseId: row.warehouseId,
            items: row.items,
            traceparent: traceparentOf(trace.setSpan(contextFromTraceparent(row.traceparent), spans[i]!)),
          })),
        },
        { deadline: Date.now() + (this.options.callTimeoutMs ?? 5_000), signal },
      );
      results = rows.map((row, i) => response.results[i] ?? { statusCode: grpc.status.INTERNAL, statusMessage: `no result for order ${row.orderId} in the backend's answer` });
    } catch (err) {
      const status = statusOf(err) ?? { code: grpc.status.UNKNOWN, details: (err as Error).message };
      const failure = { statusCode: status.code, statusMessage: status.details };
      results = rows.map(() => failure);
    }
    const retries: DeliveryRetry[] = [];
    await Promise.all(
      rows.map(async (row, i) => {
        const { statusCode, statusMessage } = results[i]!;
        if (statusCode === grpc.status.OK) {
          await this.acknowledged(row, spans[i]!);
          return;
        }
        const attempt = row.attempts + 1;
        if (attempt >= OUTAGE_ATTEMPTS) this.outageSeen = true;
        const error = `${grpc.status[statusCode] ?? 'ERROR'}: ${statusMessage}`;
        const sinceRecovery = attempt - (this.attemptsAtRecovery.get(row.id) ?? 0);
        retries.push({ id: row.id, attempt, delayMs: backoffDelayMs(sinceRecovery, this.retryBackoff), error });
        endSpan(spans[i]!, error);
      }),
    );
    return retries;
  }

  /**
   * The backend answers again after an outage: the deliveries that backed off while it was down
   * (up to `retryMaxMs` and half as much again) are due now, so that the backlog ships as soon as
   * the backend is back rather than up to a minute later. A failure here only leaves them on
   * their own schedule, so it is logged, not thrown.
   */
  private async retryBackedOffNow(): Promise<void> {
    const { log, store, ownership } = this.options;
    try {
      const rows = await query(() => store.retryBackedOffNow(ownership.regions()));
      if (rows.length === 0) return;
      // Bounded: entries go when their row is delivered; rows delivered by another node (after an
      // ownership change) would linger, so a map this large is simply started afresh.
      if (this.attemptsAtRecovery.size > MAX_RECOVERED_ROWS) this.attemptsAtRecovery.clear();
      for (const row of rows) this.attemptsAtRecovery.set(row.id, row.attempts);
      log.info({ rows: rows.length }, 'fulfilment backend answers again; retrying backed-off deliveries now');
      this.kick();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not retry backed-off deliveries early');
    }
  }

  private async acknowledged(row: DueDelivery, span: Span): Promise<void> {
    try {
      await this.options.orders.recordDelivery(row.orderId);
      this.attemptsAtRecovery.delete(row.id);
      this.delivered += 1;
      endSpan(span);
      if (this.outageSeen) {
        this.outageSeen = false;
        await this.retryBackedOffNow();
      }
    } catch (err) {
      // The backend has the order; the row stays due and the next pass delivers it again
      // (idempotent per order id), which records the delivery then.
      endSpan(span, (err as Error).message);
      this.options.log.warn({ orderId: row.orderId, err: (err as Error).message }, 'could not record a delivery; it will be repeated');
    }
  }
}

function endSpan(span: Span, error?: string): void {
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}
