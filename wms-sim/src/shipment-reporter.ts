import * as grpc from '@grpc/grpc-js';
import { setMaxListeners } from 'node:events';
import { callUnary, statusOf, type OrdermeshClients } from '#lib/grpc/index.js';
import type { Logger } from '#lib/logging/index.js';
import { Batcher, sleep } from '#lib/runtime/index.js';
import { inSpan, traceparentOf } from '#lib/telemetry/index.js';
import type { DelayRangeMs } from './config.js';
import { RetryBudgetExhaustedError, RetryStoppedError } from './errors.js';
import type { ShipmentRecord } from './fulfillment-ledger.js';
import { TRANSIENT_CODES, describeFailure, withRetries } from './retry.js';

/** Options of {@link ShipmentReporter}. */
export interface ShipmentReporterOptions {
  clients: OrdermeshClients;
  log: Logger;
  pickDelayMs: DelayRangeMs;
  /** How long one report keeps being retried. */
  retryBudgetMs: number;
  /** Deadline of each ReportShipment attempt. */
  callTimeoutMs: number;
  /** Source of randomness for the pick-and-pack delay; default Math.random. */
  random?: () => number;
  /** Most reports in one ReportShipments call; default 200. */
  maxBatch?: number;
}

/** One report waiting for a ReportShipments call. */
interface PendingReport {
  orderId: string;
  shipmentId: string;
  /** The order's trace (the pick-and-pack span), so the report joins it though it travels in a batch. */
  traceparent: string;
}

/** ReportShipments calls in flight at once: enough to keep the gateway busy, few enough to batch. */
const REPORT_CALLS_IN_FLIGHT = 4;

/** What {@link ShipmentReporter.drain} left behind. */
export interface DrainResult {
  /** Reports still running when the grace period ended (they were stopped, unreported). */
  abandoned: number;
}

/** A random whole number of milliseconds in `range` (both ends included). */
export function pickDelay(range: DelayRangeMs, random: () => number = Math.random): number {
  return range.minMs + Math.floor(random() * (range.maxMs - range.minMs + 1));
}

/**
 * Picks, packs and reports shipments: after a random pick-and-pack delay it reports
 * {order_id, shipment_id, SHIPPED} to the gateway. Reports ready at the same time travel
 * together in one OrderService.ReportShipments call (natural batching: a report ready while no
 * call is under way goes at once; under load the batch is what became ready during one call),
 * each report with its own answer. Each report is retried on its own, on UNAVAILABLE,
 * RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED and ABORTED with exponential backoff and jitter for up
 * to the retry budget (by default none: until acknowledged).
 * Any other answer is final (FAILED_PRECONDITION: the order cannot ship, e.g. it was never paid)
 * and is logged. The work runs in a 'wms.pickAndPack' span, a child of the span that is active
 * when {@link dispatch} is called (the ShipOrder server span), so the report joins the order's
 * trace.
 */
export class ShipmentReporter {
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly random: () => number;
  private readonly reports: Batcher<PendingReport, true>;

  constructor(private readonly options: ShipmentReporterOptions) {
    this.random = options.random ?? Math.random;
    // One listener per order being picked, packed or retried (each removed when its wait ends):
    // hundreds at once under load, which is fan-out, not the leak Node's warning at 11 suspects.
    setMaxListeners(0, this.stopping.signal);
    this.reports = new Batcher({ run: (items) => this.reportBatch(items), maxBatch: options.maxBatch ?? 200, maxInFlight: REPORT_CALLS_IN_FLIGHT });
  }

  /** Reports being picked, packed or retried right now. */
  get pending(): number {
    return this.running.size;
  }

  /**
   * Starts picking, packing and reporting `shipment` in the background, in the active trace
   * context; sets `shipment.report` to its outcome when done.
   */
  dispatch(shipment: ShipmentRecord): void {
    shipment.report = 'pending';
    const attributes = { 'ordermesh.order_id': shipment.orderId, 'ordermesh.shipment_id': shipment.shipmentId, 'ordermesh.warehouse_id': shipment.warehouseId };
    const work = inSpan('wms.pickAndPack', attributes, () => this.pickPackAndReport(shipment)).then(
      () => {
        shipment.report = 'reported';
      },
      (err: unknown) => this.failed(shipment, err),
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /**
   * Lets running reports finish for up to `graceMs`, then stops the rest (they stay
   * unreported: ordermesh's outbox delivers those orders again). Call once, at shutdown.
   */
  async drain(graceMs: number): Promise<DrainResult> {
    let timer: NodeJS.Timeout | undefined;
    // Ref'd on purpose: once the server has stopped, the pick-and-pack and backoff sleeps (unref'd)
    // may be all that is left, and the process must not exit before they are done.
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all([...this.running]), graceOver]);
    clearTimeout(timer);
    const abandoned = this.running.size;
    this.stopping.abort(new Error('wms-sim is stopping'));
    await Promise.all([...this.running]);
    return { abandoned };
  }

  private async pickPackAndReport(shipment: ShipmentRecord): Promise<void> {
    const { log } = this.options;
    const signal = this.stopping.signal;
    await sleep(pickDelay(this.options.pickDelayMs, this.random), signal);
    const report: PendingReport = { orderId: shipment.orderId, shipmentId: shipment.shipmentId, traceparent: traceparentOf() };
    await withRetries(
      () => this.reports.submit(report),
      {
        what: `ReportShipment of ${shipment.orderId}`,
        // CANCELLED by the far side (a gateway going away) is worth a retry; by us (stopping) not.
        retryable: (err) => {
          const code = statusOf(err)?.code;
          return code !== undefined && (TRANSIENT_CODES.has(code) || (code === grpc.status.CANCELLED && !signal.aborted));
        },
        budgetMs: this.options.retryBudgetMs,
        signal,
        onRetry: (err, attempt, delayMs) =>
          log.debug({ orderId: shipment.orderId, attempt, delayMs, err: describeFailure(err) }, 'shipment report failed; retrying'),
      },
    );
    log.debug({ orderId: shipment.orderId, shipmentId: shipment.shipmentId }, 'shipment reported');
  }

  /**
   * One ReportShipments call for `items`: per report, `true` when acknowledged, else an error
   * carrying the report's own status code (so each report is retried, or not, on its own). A
   * failure of the call itself fails every report of the batch with the call's status.
   */
  private async reportBatch(items: PendingReport[]): Promise<Array<true | Error>> {
    const { clients } = this.options;
    const response = await callUnary(
      clients.orders,
      clients.orders.ReportShipments,
      { reports: items.map((r) => ({ orderId: r.orderId, shipmentId: r.shipmentId, status: 'ORDER_STATUS_SHIPPED' as const, traceparent: r.traceparent })) },
      { deadline: Date.now() + this.options.callTimeoutMs, signal: this.stopping.signal },
    );
    return items.map((item, i) => {
      const result = response.results[i];
      if (result && result.statusCode === grpc.status.OK) return true;
      const code = result?.statusCode ?? grpc.status.INTERNAL;
      const details = result?.statusMessage || `no result for the report of ${item.orderId}`;
      return Object.assign(new Error(`${grpc.status[code] ?? code}: ${details}`), { code, details, metadata: new grpc.Metadata() });
    });
  }

  private failed(shipment: ShipmentRecord, err: unknown): void {
    const { log } = this.options;
    const fields = { orderId: shipment.orderId, shipmentId: shipment.shipmentId };
    if (err instanceof RetryBudgetExhaustedError) {
      shipment.report = 'gave-up';
      log.error({ ...fields, attempts: err.attempts, err: describeFailure(err.cause) }, 'shipment report kept failing; gave up');
    } else if (err instanceof RetryStoppedError || this.stopping.signal.aborted) {
      shipment.report = 'gave-up';
      log.warn(fields, 'stopped before the shipment report was acknowledged');
    } else if (statusOf(err) !== undefined) {
      shipment.report = 'refused';
      log.warn({ ...fields, err: describeFailure(err) }, 'ordermesh refused the shipment report; not retrying');
    } else {
      shipment.report = 'gave-up';
      log.error({ ...fields, err }, 'shipment report failed');
    }
  }
}
