/**
 * One simulated order from cart to final status: CreateOrder, after the customer's delay
 * ConfirmPayment, then GetOrder until it is final; every call retried as the options say and
 * recorded, all in the order's own trace.
 */
import type * as grpc from '@grpc/grpc-js';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { callUnary, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import { fromProtoStatus } from '#lib/orders/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import { backoffDelayMs, sleep, type BackoffOptions } from '#lib/runtime/index.js';
import { tracer } from '#lib/telemetry/index.js';
import { RETRYABLE, statusName, type CallResult } from './call-result.js';
import type { Limiter, Release } from './limiter.js';
import type { ResolvedSimulationOptions } from './options.js';
import { endOrderSpan, newOrderState, type OrderState } from './order-state.js';
import type { OrderTally } from './order-tally.js';
import type { OrderPlan } from './plan.js';
import type { RequestRecord, RpcName } from './request-record.js';
import type { RequestStats } from './stats.js';

/** Between attempts of one call: 100 ms doubling to 2 s, each delay cut by up to half at random. */
const RETRY_BACKOFF: BackoffOptions = { initialDelayMs: 100, maxDelayMs: 2_000, jitter: 0.5 };

/** What every order's life shares with the run. */
export interface OrderLifeContext {
  options: ResolvedSimulationOptions;
  /** The connections to the target (at least one); order i's calls take connection i modulo their count. */
  connections: readonly OrdermeshClients[];
  /** Calls in flight, across every order. */
  limiter: Limiter;
  stats: RequestStats;
  tally: OrderTally;
  /** Every order's state, in placing order; each life adds its own. */
  orders: OrderState[];
  /** The run was stopped: no more waits, retries or polls. */
  signal: AbortSignal;
  /** The settle timeout passed. */
  settleExpired: AbortSignal;
  /** Stops the watchers: the settle timeout or the run's stop. */
  stopWatching: AbortSignal;
  /** Resolves when the last payment has answered: the watchers start then. */
  settleStarted: Promise<void>;
  /** Called once per request as it ends. */
  onRequest: ((record: RequestRecord) => void) | undefined;
}

/** The lives of a run's orders (one instance per run; one {@link live} call per order). */
export class OrderLife {
  constructor(private readonly run: OrderLifeContext) {}

  /**
   * One order from cart to final status, all in one trace. Resolves `paid` once its payment step
   * is over; reads it back only once every order is paid, so that polls do not compete with
   * placing (whose throughput the summary reports).
   */
  async live(plan: OrderPlan, release: Release, paid: () => void): Promise<void> {
    const span = tracer().startSpan('ecom.order', {
      root: true,
      kind: SpanKind.INTERNAL,
      attributes: {
        'ordermesh.request_id': plan.requestId,
        'ordermesh.region': plan.region,
        'ecom.customer': plan.customerName,
        'ecom.items': plan.items.length,
        'ecom.payment.delay_ms': plan.paymentDelayMs,
        'ecom.payment.succeeds': plan.paymentSucceeds,
      },
    });
    const state = newOrderState(plan, span);
    this.run.orders.push(state);
    await context.with(trace.setSpan(context.active(), span), async () => {
      try {
        try {
          await this.create(state, release);
          if (state.acknowledged && state.status === 'RESERVED') await this.pay(state);
        } finally {
          paid();
        }
        if (state.acknowledged) {
          await this.run.settleStarted;
          await this.watch(state);
        }
      } finally {
        endOrderSpan(state);
      }
    });
  }

  /** CreateOrder, retried with the same request_id on the RETRYABLE codes. */
  private async create(state: OrderState, firstPermit: Release): Promise<void> {
    const { plan } = state;
    const { limiter, tally } = this.run;
    const clients = this.clientsOf(state);
    const request = { requestId: plan.requestId, customerName: plan.customerName, region: plan.region, items: plan.items };
    for (let attempt = 1; ; attempt++) {
      const release = attempt === 1 ? firstPermit : ((await limiter.acquire()) as Release);
      let result: CallResult;
      try {
        result = await this.call('CreateOrder', state, attempt, (options) => callUnary(clients.orders, clients.orders.CreateOrder, request, options));
      } finally {
        release();
      }
      if (result.ok) {
        state.acknowledged = true;
        state.orderId = result.order.orderId;
        state.totalCents = result.order.totalCents;
        tally.acknowledged += 1;
        tally.pending += 1;
        tally.setStatus(state, result.order);
        return;
      }
      if (!(await this.retryAfter(result, attempt))) return;
    }
  }

  /** Waits the customer's delay (cut short when the run is stopped), then ConfirmPayment, retried with the same payment_id. */
  private async pay(state: OrderState): Promise<void> {
    const { plan } = state;
    const { limiter, tally } = this.run;
    const clients = this.clientsOf(state);
    await sleep(plan.paymentDelayMs, this.run.signal);
    const request = {
      orderId: state.orderId,
      paymentId: plan.paymentId,
      amountCents: state.totalCents,
      succeeded: plan.paymentSucceeds,
      failureReason: plan.failureReason,
    };
    state.paymentSent = true;
    for (let attempt = 1; ; attempt++) {
      const result = await limiter.run(() =>
        this.call('ConfirmPayment', state, attempt, (options) => callUnary(clients.payments, clients.payments.ConfirmPayment, request, options)),
      );
      if (result.ok) {
        state.paymentAccepted = true;
        tally.setStatus(state, result.order);
        return;
      }
      if (!(await this.retryAfter(result, attempt))) return;
    }
  }

  /** Backs off before another attempt; false when the call should not be tried again. */
  private async retryAfter(result: CallResult, attempt: number): Promise<boolean> {
    if (result.ok || !RETRYABLE.has(result.code) || attempt >= this.run.options.maxAttempts || this.run.signal.aborted) return false;
    await sleep(backoffDelayMs(attempt, RETRY_BACKOFF), this.run.signal);
    return true;
  }

  /**
   * Reads the order back with GetOrder until it is seen final (an order already answered final,
   * REJECTED or declined, is read once to check it was stored): at once, then every
   * pollIntervalMs. Stops at the settle timeout, after at least one read so that every
   * acknowledged order is checked for loss, or when the run is stopped.
   */
  private async watch(state: OrderState): Promise<void> {
    const { limiter, tally, signal, settleExpired, stopWatching } = this.run;
    const clients = this.clientsOf(state);
    for (let reads = 0; !state.confirmedFinal && !state.lost; reads++) {
      if (reads > 0) await sleep(this.run.options.pollIntervalMs, stopWatching);
      if (signal.aborted) break;
      if (settleExpired.aborted && reads > 0) break;
      // A follow-up poll still queued for a permit at the settle timeout gives up; the first read does not.
      const release = await limiter.acquire(reads > 0 ? stopWatching : signal);
      if (!release) break;
      let result: CallResult;
      try {
        result = await this.call('GetOrder', state, 1, (options) => callUnary(clients.orders, clients.orders.GetOrder, { orderId: state.orderId }, options));
      } finally {
        release();
      }
      if (result.ok) {
        tally.setStatus(state, result.order);
        if (tally.isFinal(fromProtoStatus(result.order.status))) state.confirmedFinal = true;
      } else if (result.code === 'NOT_FOUND') {
        state.lost = true;
        tally.lost += 1;
        tally.removeStatus(state);
      }
    }
    if (state.confirmedFinal || state.lost) tally.pending -= 1;
  }

  /** The connection order `state`'s calls take: its index modulo the run's connections. */
  private clientsOf(state: OrderState): OrdermeshClients {
    const { connections } = this.run;
    return connections[state.plan.index % connections.length] as OrdermeshClients;
  }

  /** Makes one call with the run's deadline, records it, and never throws. */
  private async call(
    rpc: RpcName,
    state: OrderState,
    attempt: number,
    send: (options: { deadline: number }) => Promise<{ order: Order__Output | null }>,
  ): Promise<CallResult> {
    const startedAt = Date.now();
    const t0 = performance.now();
    let result: CallResult;
    try {
      result = { ok: true, order: entityOf(await send({ deadline: startedAt + this.run.options.callTimeoutMs }), 'order') };
    } catch (err) {
      result = { ok: false, code: statusName(err), details: (err as grpc.ServiceError).details ?? String(err) };
    }
    const record: RequestRecord = {
      orderId: result.ok ? result.order.orderId : state.orderId,
      requestId: state.plan.requestId,
      startedAt,
      rpc,
      latencyMs: performance.now() - t0,
      code: result.ok ? 'OK' : result.code,
      node: result.ok ? result.order.nodeId : '',
      attempt,
      traceId: state.traceId,
    };
    this.run.stats.add(record, result.ok ? undefined : result.details);
    if (!result.ok) state.span?.addEvent('call failed', { 'rpc.method': rpc, 'rpc.grpc.status': result.code, attempt });
    this.run.onRequest?.(record);
    return result;
  }
}
