import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { callUnary, connectOrdermesh, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import { timestampMs } from '#lib/proto/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import { fromProtoStatus, type OrderStatus } from '#lib/orders/index.js';
import { anySignal, sleep } from '#lib/runtime/index.js';
import { traceIdOf, tracer } from '#lib/telemetry/index.js';
import { loadCatalogue } from './catalogue.js';
import { SimulationOptionsError } from './errors.js';
import { Limiter, type Release } from './limiter.js';
import { planOrder, type Catalogue, type OrderPlan } from './plan.js';
import { seededRandom } from './random.js';
import type { RequestRecord, RpcName } from './request-record.js';
import { RequestStats, summarizeLatencies, type LatencySummary, type NodeShare, type RpcStats } from './stats.js';

/** An order status by name, without the API enum's ORDER_STATUS_ prefix (as summaries show it). */
export type OrderStatusName = OrderStatus;

/** Statuses in which an order's life is over, unless the caller says otherwise. */
export const DEFAULT_FINAL_STATUSES: readonly OrderStatusName[] = ['SHIPPED', 'CANCELLED', 'REJECTED'];

/** Statuses in the order people read them (progress line, summary). */
export const STATUS_ORDER: readonly OrderStatusName[] = ['RESERVED', 'PAID', 'FULFILLING', 'SHIPPED', 'CANCELLED', 'REJECTED'];

/** What to simulate. Only `target` is required; see {@link resolveSimulationOptions} for the defaults. */
export interface SimulationOptions {
  /** host:port of the gateway (or of one warehouse node, which serves any request). */
  target: string;
  /** Orders to place. Default 100 when `durationS` is not set either, else no count limit. */
  orders?: number;
  /** At most this many calls in flight at once (CreateOrder, ConfirmPayment and GetOrder together). Default 10. */
  concurrency?: number;
  /** At most this many new orders per second. Default: no cap. */
  ratePerS?: number;
  /** Stop placing new orders after this many seconds. Default: no time limit. */
  durationS?: number;
  /** A RESERVED order is paid after a uniformly random delay in [min, max] ms. Default [50, 500]. */
  paymentDelayMs?: readonly [number, number];
  /** Share of payments that fail (and so cancel their order), 0..1. Default 0.1. */
  paymentFailureRate?: number;
  /** After the last payment, how long to wait for every order to reach a final status. Default 60 000. */
  settleTimeoutMs?: number;
  /** While settling, how often an order that is not final yet is read with GetOrder. Default 250. */
  pollIntervalMs?: number;
  /** The statuses that count as final. Default SHIPPED, CANCELLED, REJECTED. */
  finalStatuses?: readonly OrderStatusName[];
  /** Seed of the customers, baskets, delays and payment outcomes. Default: a random one (reported). */
  seed?: number;
  /** How long to wait for a non-empty catalogue. Default 30 000. */
  catalogueTimeoutMs?: number;
  /** Deadline of one call. Default 10 000. */
  callTimeoutMs?: number;
  /**
   * Attempts of a CreateOrder or ConfirmPayment that fails with a retryable code. Default 10:
   * with backoff doubling from 100 ms to 2 s (jittered), about 6 to 12 s of retrying, which
   * outlasts a database failover (3 to 10 s measured with Patroni; docs/operations.md) and a
   * node's lease expiry. Each retry keeps its request_id / payment_id, so none is applied twice.
   */
  maxAttempts?: number;
}

/** {@link SimulationOptions} with every default applied and every value checked. */
export interface ResolvedSimulationOptions {
  target: string;
  /** Infinity when only the duration bounds the run. */
  orders: number;
  concurrency: number;
  ratePerS: number | undefined;
  durationS: number | undefined;
  paymentDelayMs: readonly [number, number];
  paymentFailureRate: number;
  settleTimeoutMs: number;
  pollIntervalMs: number;
  finalStatuses: readonly OrderStatusName[];
  seed: number;
  catalogueTimeoutMs: number;
  callTimeoutMs: number;
  maxAttempts: number;
}

/** The phases of a run, in order. */
export type SimulationPhase = 'catalogue' | 'placing' | 'settling' | 'done';

/** A snapshot of a run, given to `onProgress` about five times a second and once at the end. */
export interface SimulationProgress {
  phase: SimulationPhase;
  target: string;
  /** Since placing began (0 while reading the catalogue), in ms. */
  elapsedMs: number;
  /** Since settling began (0 before), in ms. */
  settleElapsedMs: number;
  /** Orders whose CreateOrder was sent. */
  placed: number;
  acknowledged: number;
  /** The run's order count; undefined when only the duration bounds it. */
  ordersTarget: number | undefined;
  durationS: number | undefined;
  /** Acknowledged orders per second over the last two seconds or so. */
  ratePerS: number;
  /** Acknowledged orders by their last known status. */
  statuses: Partial<Record<OrderStatusName, number>>;
  /** Acknowledged orders not yet read back in a final status (and not lost). */
  pending: number;
  failedCalls: number;
  lost: number;
  /** What the catalogue wait last saw, while in phase 'catalogue'. */
  waitingFor?: string;
}

/** How a run went; what the summary, `--json` and `ordermesh dev` show. */
export interface SimulationSummary {
  target: string;
  seed: number;
  /** When placing began (ISO 8601). */
  startedAt: string;
  /** True when the run was stopped (signal) before it settled; `stuck` then counts orders it stopped watching. */
  interrupted: boolean;
  /** From the first CreateOrder to the last ConfirmPayment answer, in s. */
  placingS: number;
  /** From then until every order was final or the settle timeout passed, in s. */
  settleS: number;
  /** The statuses counted as final. */
  finalStatuses: OrderStatusName[];
  orders: {
    /** Orders whose CreateOrder was sent. */
    placed: number;
    /** Orders whose CreateOrder answered OK (possibly after retries). */
    acknowledged: number;
    /** placed - acknowledged: every attempt failed; not counted as lost. */
    notAcknowledged: number;
    /** Acknowledged orders by their last known status (lost ones excluded): acknowledged = sum + lost. */
    byStatus: Partial<Record<OrderStatusName, number>>;
    /** Acknowledged orders GetOrder answered NOT_FOUND for. */
    lost: number;
    /** Acknowledged orders not read back in a final status by the end (still moving, or unreadable). */
    stuck: number;
    /** Up to 100 of each, to look up. */
    lostOrderIds: string[];
    stuckOrderIds: string[];
  };
  payments: {
    /** ConfirmPayment sent for this many orders (those CreateOrder left RESERVED). */
    sent: number;
    /** Accepted payments that succeeded / were declined on purpose. */
    succeeded: number;
    declined: number;
    /** Orders whose ConfirmPayment never answered OK. */
    failed: number;
  };
  throughput: {
    /** Acknowledged orders per second of the placing phase. */
    ordersPerS: number;
    /** Calls (all RPCs, retries and polls included) per second of the whole run. */
    callsPerS: number;
  };
  /** Calls answered with a status other than OK, by status name. */
  failedCalls: Record<string, number>;
  /** Latency per RPC, over every call including failed ones. */
  latency: RpcStats[];
  /** Acknowledged orders by Order.node_id of CreateOrder's answer. */
  nodes: NodeShare[];
  /**
   * Time from an order's creation to its final status, in ms, taken from the first answer that
   * showed it final: its updated_at minus its created_at, both stamped by the nodes (so neither
   * the poll interval nor the wait for placing to end skews it; nodes on different machines add
   * their clock skew). Over every order seen final, and per final status.
   */
  orderToFinal: LatencySummary;
  orderToFinalByStatus: Partial<Record<OrderStatusName, LatencySummary>>;
  /** How often orders not final yet were read while settling. */
  pollIntervalMs: number;
  /** No acknowledged order lost and none stuck. */
  ok: boolean;
}

/** Hooks of {@link runSimulation}. */
export interface SimulationHooks {
  /**
   * Stops the run early: no new orders; orders already placed are paid at once (their delay cut
   * short); nothing more is polled. The summary then says `interrupted`.
   */
  signal?: AbortSignal;
  /** Called with a snapshot about every `progressIntervalMs` and once at the end. */
  onProgress?: (progress: SimulationProgress) => void;
  /** Called once per request as it ends (e.g. to write the CSV row). Must not throw. */
  onRequest?: (record: RequestRecord) => void;
  /** Default 200 ms. */
  progressIntervalMs?: number;
  /** How to reach the target: lib/security's mesh credentials (mutual TLS); default plaintext. */
  credentials?: grpc.ChannelCredentials | undefined;
}

const check = (ok: boolean, option: string, problem: string): void => {
  if (!ok) throw new SimulationOptionsError(option, problem);
};

/**
 * Applies the defaults of {@link SimulationOptions} and checks every value.
 * Thrown by: SimulationOptionsError naming the first bad option, and when neither `orders` nor
 * `durationS` bounds the run (every request is kept for the summary, so a run must end).
 */
export function resolveSimulationOptions(options: SimulationOptions): ResolvedSimulationOptions {
  const o = options;
  check(typeof o.target === 'string' && o.target.trim() !== '', 'target', 'must be host:port');
  const orders = o.orders ?? (o.durationS === undefined ? 100 : Infinity);
  check(orders === Infinity || (Number.isInteger(orders) && orders >= 1), 'orders', 'must be a whole number of at least 1');
  check(orders !== Infinity || o.durationS !== undefined, 'orders', 'nothing bounds the run: give a number of orders or a duration');
  const concurrency = o.concurrency ?? 10;
  check(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 10_000, 'concurrency', 'must be a whole number from 1 to 10000');
  check(o.ratePerS === undefined || (Number.isFinite(o.ratePerS) && o.ratePerS > 0), 'ratePerS', 'must be a number above 0');
  check(o.durationS === undefined || (Number.isFinite(o.durationS) && o.durationS > 0), 'durationS', 'must be a number of seconds above 0');
  const paymentDelayMs = o.paymentDelayMs ?? [50, 500];
  const [minDelay, maxDelay] = paymentDelayMs;
  check(Number.isInteger(minDelay) && Number.isInteger(maxDelay) && minDelay >= 0 && minDelay <= maxDelay, 'paymentDelayMs', 'must be whole ms [min, max] with 0 <= min <= max');
  const paymentFailureRate = o.paymentFailureRate ?? 0.1;
  check(paymentFailureRate >= 0 && paymentFailureRate <= 1, 'paymentFailureRate', 'must be from 0 to 1');
  const settleTimeoutMs = o.settleTimeoutMs ?? 60_000;
  check(Number.isFinite(settleTimeoutMs) && settleTimeoutMs >= 0, 'settleTimeoutMs', 'must be 0 or more');
  const pollIntervalMs = o.pollIntervalMs ?? 250;
  check(Number.isFinite(pollIntervalMs) && pollIntervalMs >= 10, 'pollIntervalMs', 'must be at least 10');
  const finalStatuses = o.finalStatuses ?? DEFAULT_FINAL_STATUSES;
  check(finalStatuses.length > 0 && finalStatuses.every((s) => STATUS_ORDER.includes(s)), 'finalStatuses', `must be some of ${STATUS_ORDER.join(', ')}`);
  const seed = o.seed ?? randomBytes(4).readUInt32BE(0);
  check(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, 'seed', 'must be a whole number from 0 to 4294967295');
  const catalogueTimeoutMs = o.catalogueTimeoutMs ?? 30_000;
  const callTimeoutMs = o.callTimeoutMs ?? 10_000;
  check(callTimeoutMs > 0 && catalogueTimeoutMs >= 0, 'callTimeoutMs', 'timeouts must be above 0');
  const maxAttempts = o.maxAttempts ?? 10;
  check(Number.isInteger(maxAttempts) && maxAttempts >= 1, 'maxAttempts', 'must be a whole number of at least 1');
  return {
    target: o.target.trim(),
    orders,
    concurrency,
    ratePerS: o.ratePerS,
    durationS: o.durationS,
    paymentDelayMs: [minDelay, maxDelay],
    paymentFailureRate,
    settleTimeoutMs,
    pollIntervalMs,
    finalStatuses: [...finalStatuses],
    seed,
    catalogueTimeoutMs,
    callTimeoutMs,
    maxAttempts,
  };
}

/**
 * Codes after which the same call is tried again (with the same request_id / payment_id, so it
 * is safe). RESOURCE_EXHAUSTED: a server past capacity shed the call before any work.
 */
const RETRYABLE = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'ABORTED', 'RESOURCE_EXHAUSTED']);

/** The gRPC status name of a failed call ('UNKNOWN' for an error that is not a gRPC one). */
export function statusName(err: unknown): string {
  const code = (err as Partial<grpc.ServiceError> | undefined)?.code;
  return typeof code === 'number' ? (grpc.status[code] ?? `CODE_${code}`) : 'UNKNOWN';
}

type CallResult = { ok: true; order: Order__Output } | { ok: false; code: string; details: string };

/** One order's state, as the simulator knows it. */
interface OrderState {
  plan: OrderPlan;
  /** The order's root span; dropped once ended (a long run keeps every order's state). */
  span: Span | undefined;
  traceId: string;
  orderId: string;
  /** performance.now() when its first CreateOrder started. */
  createdAtMs: number;
  acknowledged: boolean;
  status: OrderStatusName | undefined;
  totalCents: number;
  /** From creation to the final status (server timestamps), set by the first answer showing it final. */
  finalAfterMs: number | undefined;
  /** A GetOrder answered with a final status. */
  confirmedFinal: boolean;
  lost: boolean;
  paymentSent: boolean;
  paymentAccepted: boolean;
}

/**
 * Runs a shop-front simulation against `options.target`: reads the catalogue, places orders
 * (CreateOrder, then after a random delay ConfirmPayment), then watches every acknowledged
 * order with GetOrder until it is final or the settle timeout passes. Every order is one trace,
 * rooted at an 'ecom.order' span. Failed calls never throw; they are counted.
 * Thrown by: SimulationOptionsError for bad options; CatalogueUnavailableError when no stock can
 * be read from the target in time.
 */
export async function runSimulation(options: SimulationOptions, hooks: SimulationHooks = {}): Promise<SimulationSummary> {
  const resolved = resolveSimulationOptions(options);
  const clients = connectOrdermesh(resolved.target, { credentials: hooks.credentials });
  try {
    return await new Simulation(resolved, clients, hooks).run();
  } finally {
    clients.close();
  }
}

class Simulation {
  private readonly stats = new RequestStats();
  private readonly orders: OrderState[] = [];
  private readonly statusCounts = new Map<OrderStatusName, number>();
  private readonly limiter: Limiter;
  /** Follows the caller's signal; every order's waits listen to this one, not to the caller's. */
  private readonly stopped = new AbortController();
  private readonly signal: AbortSignal;
  private readonly unlinkCallerSignal: () => void;
  /** Aborted when the settle timeout passes. */
  private readonly settleExpired = new AbortController();
  /** Stops the watchers: the settle timeout or the caller's signal. */
  private readonly stopWatching: AbortSignal;
  private readonly finalStatuses: ReadonlySet<OrderStatusName>;
  private readonly runId = randomBytes(4).toString('hex');
  private phase: SimulationPhase = 'catalogue';
  private waitingFor: string | undefined;
  private placed = 0;
  private acknowledged = 0;
  private lost = 0;
  private pending = 0;
  private placingStartedAt = 0;
  private placingEndedAt = 0;
  private settleEndedAt = 0;
  private nextSlotAt = 0;
  private readonly rateSamples: Array<{ at: number; acknowledged: number }> = [];
  private failure: unknown;
  /** Resolves when the last payment has answered: the watchers start then. */
  private readonly settleStarted: Promise<void>;
  private startSettling!: () => void;

  constructor(
    private readonly o: ResolvedSimulationOptions,
    private readonly clients: OrdermeshClients,
    private readonly hooks: SimulationHooks,
  ) {
    this.limiter = new Limiter(o.concurrency);
    this.signal = this.stopped.signal;
    const caller = hooks.signal;
    const onAbort = (): void => this.stopped.abort(caller?.reason);
    if (caller?.aborted) onAbort();
    else caller?.addEventListener('abort', onAbort, { once: true });
    this.unlinkCallerSignal = () => caller?.removeEventListener('abort', onAbort);
    this.stopWatching = anySignal(this.signal, this.settleExpired.signal);
    // One listener per waiting order (its payment delay, its next poll): thousands are expected.
    setMaxListeners(0, this.signal, this.stopWatching);
    this.finalStatuses = new Set(o.finalStatuses);
    this.settleStarted = new Promise((resolve) => (this.startSettling = resolve));
  }

  async run(): Promise<SimulationSummary> {
    // Ref'd on purpose: it keeps the process alive while every order sleeps in its payment delay
    // (lib/runtime's sleep is unref'd, and grpc-js unrefs an idle channel).
    const ticker = setInterval(() => this.emitProgress(), this.hooks.progressIntervalMs ?? 200);
    this.emitProgress();
    try {
      const catalogue = await loadCatalogue(this.clients, {
        target: this.o.target,
        timeoutMs: this.o.catalogueTimeoutMs,
        signal: this.signal,
        onRetry: (problem) => {
          this.waitingFor = problem;
        },
      });
      const startedAt = new Date().toISOString();
      await this.place(catalogue);
      return this.summarize(startedAt);
    } finally {
      this.unlinkCallerSignal();
      clearInterval(ticker);
      if (this.phase !== 'catalogue') this.phase = 'done';
      this.emitProgress();
    }
  }

  /** Places the orders, waits until each is paid, then until each is final or the settle timeout passes. */
  private async place(catalogue: Catalogue): Promise<void> {
    const random = seededRandom(this.o.seed);
    const settings = { runId: this.runId, paymentDelayMs: this.o.paymentDelayMs, paymentFailureRate: this.o.paymentFailureRate };
    this.phase = 'placing';
    this.placingStartedAt = performance.now();
    const lives: Array<Promise<void>> = [];
    const placedAndPaid: Array<Promise<void>> = [];
    for (let i = 0; i < this.o.orders; i++) {
      if (!(await this.waitForSlot())) break;
      // The permit is taken here, so that new orders wait while the calls in flight are at the limit.
      const release = await this.limiter.acquire(this.signal);
      if (!release) break;
      if (this.durationOver()) {
        release();
        break;
      }
      const plan = planOrder(random, i, catalogue, settings);
      let paid!: () => void;
      placedAndPaid.push(new Promise<void>((resolve) => (paid = resolve)));
      this.placed += 1;
      lives.push(
        this.lifeOfOrder(plan, release, paid).catch((err: unknown) => {
          this.failure ??= err;
          paid();
        }),
      );
    }
    await Promise.all(placedAndPaid);
    this.placingEndedAt = performance.now();
    this.phase = 'settling';
    const settleTimer = setTimeout(() => this.settleExpired.abort(), this.o.settleTimeoutMs);
    this.startSettling();
    try {
      await Promise.all(lives);
    } finally {
      clearTimeout(settleTimer);
    }
    this.settleEndedAt = performance.now();
    if (this.failure) throw this.failure;
  }

  private durationOver(): boolean {
    return this.o.durationS !== undefined && performance.now() - this.placingStartedAt >= this.o.durationS * 1000;
  }

  /** Waits for the next slot under the rate cap; false when the run must stop placing. */
  private async waitForSlot(): Promise<boolean> {
    if (this.signal.aborted || this.durationOver()) return false;
    if (this.o.ratePerS === undefined) return true;
    const now = performance.now();
    const at = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = at + 1000 / this.o.ratePerS;
    if (at > now) await sleep(at - now, this.signal);
    return !this.signal.aborted && !this.durationOver();
  }

  /**
   * One order from cart to final status, all in one trace. Resolves `paid` once its payment step
   * is over; reads it back only once every order is paid, so that polls do not compete with
   * placing (whose throughput the summary reports).
   */
  private async lifeOfOrder(plan: OrderPlan, release: Release, paid: () => void): Promise<void> {
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
    const state: OrderState = {
      plan,
      span,
      traceId: traceIdOf(span),
      orderId: '',
      createdAtMs: performance.now(),
      acknowledged: false,
      status: undefined,
      totalCents: 0,
      finalAfterMs: undefined,
      confirmedFinal: false,
      lost: false,
      paymentSent: false,
      paymentAccepted: false,
    };
    this.orders.push(state);
    await context.with(trace.setSpan(context.active(), span), async () => {
      try {
        try {
          await this.create(state, release);
          if (state.acknowledged && state.status === 'RESERVED') await this.pay(state);
        } finally {
          paid();
        }
        if (state.acknowledged) {
          await this.settleStarted;
          await this.watch(state);
        }
      } finally {
        this.endSpan(state);
      }
    });
  }

  private endSpan(state: OrderState): void {
    const { span } = state;
    if (!span) return;
    state.span = undefined;
    const outcome = !state.acknowledged ? 'not-acknowledged' : state.lost ? 'lost' : state.confirmedFinal ? 'final' : 'stuck';
    span.setAttribute('ordermesh.order_id', state.orderId);
    span.setAttribute('ordermesh.order.status', state.status ?? '');
    span.setAttribute('ecom.outcome', outcome);
    if (outcome !== 'final') span.setStatus({ code: SpanStatusCode.ERROR, message: `order ${outcome}` });
    span.end();
  }

  /** CreateOrder, retried with the same request_id on UNAVAILABLE, DEADLINE_EXCEEDED and ABORTED. */
  private async create(state: OrderState, firstPermit: Release): Promise<void> {
    const { plan } = state;
    const request = { requestId: plan.requestId, customerName: plan.customerName, region: plan.region, items: plan.items };
    for (let attempt = 1; ; attempt++) {
      const release = attempt === 1 ? firstPermit : ((await this.limiter.acquire()) as Release);
      let result: CallResult;
      try {
        result = await this.call('CreateOrder', state, attempt, (options) => callUnary(this.clients.orders, this.clients.orders.CreateOrder, request, options));
      } finally {
        release();
      }
      if (result.ok) {
        state.acknowledged = true;
        state.orderId = result.order.orderId;
        state.totalCents = result.order.totalCents;
        this.acknowledged += 1;
        this.pending += 1;
        this.setStatus(state, result.order);
        return;
      }
      if (!(await this.retryAfter(result, attempt))) return;
    }
  }

  /** Waits the customer's delay (cut short when the run is stopped), then ConfirmPayment, retried with the same payment_id. */
  private async pay(state: OrderState): Promise<void> {
    const { plan } = state;
    await sleep(plan.paymentDelayMs, this.signal);
    const request = {
      orderId: state.orderId,
      paymentId: plan.paymentId,
      amountCents: state.totalCents,
      succeeded: plan.paymentSucceeds,
      failureReason: plan.failureReason,
    };
    state.paymentSent = true;
    for (let attempt = 1; ; attempt++) {
      const result = await this.limiter.run(() =>
        this.call('ConfirmPayment', state, attempt, (options) => callUnary(this.clients.payments, this.clients.payments.ConfirmPayment, request, options)),
      );
      if (result.ok) {
        state.paymentAccepted = true;
        this.setStatus(state, result.order);
        return;
      }
      if (!(await this.retryAfter(result, attempt))) return;
    }
  }

  /** Backs off before another attempt; false when the call should not be tried again. */
  private async retryAfter(result: CallResult, attempt: number): Promise<boolean> {
    if (result.ok || !RETRYABLE.has(result.code) || attempt >= this.o.maxAttempts || this.signal.aborted) return false;
    const backoffMs = Math.min(2_000, 100 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    await sleep(backoffMs, this.signal);
    return true;
  }

  /**
   * Reads the order back with GetOrder until it is seen final (an order already answered final,
   * REJECTED or declined, is read once to check it was stored): at once, then every
   * pollIntervalMs. Stops at the settle timeout, after at least one read so that every
   * acknowledged order is checked for loss, or when the run is stopped.
   */
  private async watch(state: OrderState): Promise<void> {
    for (let reads = 0; !state.confirmedFinal && !state.lost; reads++) {
      if (reads > 0) await sleep(this.o.pollIntervalMs, this.stopWatching);
      if (this.signal.aborted) break;
      if (this.settleExpired.signal.aborted && reads > 0) break;
      // A follow-up poll still queued for a permit at the settle timeout gives up; the first read does not.
      const release = await this.limiter.acquire(reads > 0 ? this.stopWatching : this.signal);
      if (!release) break;
      let result: CallResult;
      try {
        result = await this.call('GetOrder', state, 1, (options) => callUnary(this.clients.orders, this.clients.orders.GetOrder, { orderId: state.orderId }, options));
      } finally {
        release();
      }
      if (result.ok) {
        this.setStatus(state, result.order);
        if (this.isFinal(fromProtoStatus(result.order.status))) state.confirmedFinal = true;
      } else if (result.code === 'NOT_FOUND') {
        state.lost = true;
        this.lost += 1;
        this.removeStatus(state);
      }
    }
    if (state.confirmedFinal || state.lost) this.pending -= 1;
  }

  private isFinal(status: OrderStatusName | undefined): boolean {
    return status !== undefined && this.finalStatuses.has(status);
  }

  private setStatus(state: OrderState, order: Order__Output): void {
    const status = fromProtoStatus(order.status);
    if (status === undefined) return;
    if (state.status !== status) {
      this.removeStatus(state);
      state.status = status;
      this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
    }
    if (state.finalAfterMs === undefined && this.isFinal(status)) {
      const created = timestampMs(order.createdAt);
      const updated = timestampMs(order.updatedAt);
      state.finalAfterMs = created !== undefined && updated !== undefined ? Math.max(0, updated - created) : performance.now() - state.createdAtMs;
    }
  }

  private removeStatus(state: OrderState): void {
    if (state.status === undefined) return;
    this.statusCounts.set(state.status, (this.statusCounts.get(state.status) ?? 1) - 1);
    if (state.lost) state.status = undefined;
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
      result = { ok: true, order: entityOf(await send({ deadline: startedAt + this.o.callTimeoutMs }), 'order') };
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
    this.stats.add(record);
    if (!result.ok) state.span?.addEvent('call failed', { 'rpc.method': rpc, 'rpc.grpc.status': result.code, attempt });
    this.hooks.onRequest?.(record);
    return result;
  }

  private currentRate(now: number): number {
    this.rateSamples.push({ at: now, acknowledged: this.acknowledged });
    while (this.rateSamples.length > 2 && now - (this.rateSamples[1]?.at ?? now) >= 2_000) this.rateSamples.shift();
    const first = this.rateSamples[0];
    if (!first || now - first.at < 1) return 0;
    return ((this.acknowledged - first.acknowledged) * 1000) / (now - first.at);
  }

  private emitProgress(): void {
    if (!this.hooks.onProgress) return;
    const now = performance.now();
    const placingEnd = this.placingEndedAt || now;
    this.hooks.onProgress({
      phase: this.phase,
      target: this.o.target,
      elapsedMs: this.placingStartedAt ? (this.phase === 'placing' ? now : placingEnd) - this.placingStartedAt : 0,
      settleElapsedMs: this.placingEndedAt ? (this.settleEndedAt || now) - this.placingEndedAt : 0,
      placed: this.placed,
      acknowledged: this.acknowledged,
      ordersTarget: Number.isFinite(this.o.orders) ? this.o.orders : undefined,
      durationS: this.o.durationS,
      ratePerS: this.phase === 'placing' ? this.currentRate(now) : 0,
      statuses: this.statusesByName(),
      pending: this.pending,
      failedCalls: this.stats.failed,
      lost: this.lost,
      ...(this.phase === 'catalogue' && this.waitingFor ? { waitingFor: this.waitingFor } : {}),
    });
  }

  private statusesByName(): Partial<Record<OrderStatusName, number>> {
    const out: Partial<Record<OrderStatusName, number>> = {};
    for (const s of STATUS_ORDER) {
      const n = this.statusCounts.get(s) ?? 0;
      if (n > 0) out[s] = n;
    }
    return out;
  }

  private summarize(startedAt: string): SimulationSummary {
    const acknowledged = this.orders.filter((s) => s.acknowledged);
    const lost = acknowledged.filter((s) => s.lost);
    const stuck = acknowledged.filter((s) => !s.lost && !s.confirmedFinal);
    const paid = acknowledged.filter((s) => s.paymentSent);
    const placingS = Math.max(0, this.placingEndedAt - this.placingStartedAt) / 1000;
    const settleS = Math.max(0, this.settleEndedAt - this.placingEndedAt) / 1000;
    const seenFinal = acknowledged.filter((s) => s.finalAfterMs !== undefined && !s.lost && this.isFinal(s.status));
    const orderToFinalByStatus: Partial<Record<OrderStatusName, LatencySummary>> = {};
    for (const status of STATUS_ORDER) {
      const times = seenFinal.filter((s) => s.status === status).map((s) => s.finalAfterMs ?? 0);
      if (times.length) orderToFinalByStatus[status] = summarizeLatencies(times);
    }
    return {
      target: this.o.target,
      seed: this.o.seed,
      startedAt,
      interrupted: this.signal.aborted,
      placingS,
      settleS,
      finalStatuses: [...this.o.finalStatuses],
      orders: {
        placed: this.placed,
        acknowledged: acknowledged.length,
        notAcknowledged: this.placed - acknowledged.length,
        byStatus: this.statusesByName(),
        lost: lost.length,
        stuck: stuck.length,
        lostOrderIds: lost.slice(0, 100).map((s) => s.orderId),
        stuckOrderIds: stuck.slice(0, 100).map((s) => s.orderId),
      },
      payments: {
        sent: paid.length,
        succeeded: paid.filter((s) => s.paymentAccepted && s.plan.paymentSucceeds).length,
        declined: paid.filter((s) => s.paymentAccepted && !s.plan.paymentSucceeds).length,
        failed: paid.filter((s) => !s.paymentAccepted).length,
      },
      throughput: {
        ordersPerS: placingS > 0 ? acknowledged.length / placingS : 0,
        callsPerS: placingS + settleS > 0 ? this.stats.calls / (placingS + settleS) : 0,
      },
      failedCalls: this.stats.failedByCode(),
      latency: this.stats.rpcs(),
      nodes: this.stats.nodes(),
      orderToFinal: summarizeLatencies(seenFinal.map((s) => s.finalAfterMs ?? 0)),
      orderToFinalByStatus,
      pollIntervalMs: this.o.pollIntervalMs,
      ok: lost.length === 0 && stuck.length === 0,
    };
  }
}
