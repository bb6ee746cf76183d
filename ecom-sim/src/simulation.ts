/**
 * A shop-front simulation run, top to bottom: read the catalogue, place orders (each order's life
 * is OrderLife's: CreateOrder, ConfirmPayment, then GetOrder until final), settle, summarize.
 * The options are checked in options.ts, the counts kept in order-tally.ts, the summary made in
 * summary.ts.
 */
import type * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { connectOrdermesh, type OrdermeshClients } from '#lib/grpc/index.js';
import { anySignal, sleep } from '#lib/runtime/index.js';
import { loadCatalogue } from './catalogue.js';
import { Limiter } from './limiter.js';
import { resolveSimulationOptions, type ResolvedSimulationOptions, type SimulationOptions } from './options.js';
import { OrderLife } from './order-life.js';
import type { OrderState } from './order-state.js';
import { OrderTally } from './order-tally.js';
import { planOrder, type Catalogue } from './plan.js';
import { AcknowledgedRate, type SimulationPhase, type SimulationProgress } from './progress.js';
import { seededRandom } from './random.js';
import type { RequestRecord } from './request-record.js';
import { RequestStats } from './stats.js';
import { summarizeRun, type SimulationSummary } from './summary.js';

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
  // Each its own connection when there are several (grpc-js would otherwise share one).
  const connections = Array.from({ length: resolved.connections }, () =>
    connectOrdermesh(resolved.target, { credentials: hooks.credentials, ownConnection: resolved.connections > 1 }),
  );
  try {
    return await new Simulation(resolved, connections, hooks).run();
  } finally {
    for (const clients of connections) clients.close();
  }
}

class Simulation {
  private readonly stats = new RequestStats();
  private readonly orders: OrderState[] = [];
  private readonly tally: OrderTally;
  private readonly limiter: Limiter;
  private readonly lives: OrderLife;
  /** Follows the caller's signal; every order's waits listen to this one, not to the caller's. */
  private readonly stopped = new AbortController();
  private readonly signal: AbortSignal;
  private readonly unlinkCallerSignal: () => void;
  /** Aborted when the settle timeout passes. */
  private readonly settleExpired = new AbortController();
  /** Stops the watchers: the settle timeout or the caller's signal. */
  private readonly stopWatching: AbortSignal;
  private readonly runId = randomBytes(4).toString('hex');
  private phase: SimulationPhase = 'catalogue';
  private waitingFor: string | undefined;
  private placingStartedAt = 0;
  private placingEndedAt = 0;
  private settleEndedAt = 0;
  private nextSlotAt = 0;
  private readonly rate = new AcknowledgedRate();
  private failure: unknown;
  /** Resolves when the last payment has answered: the watchers start then. */
  private readonly settleStarted: Promise<void>;
  private startSettling!: () => void;

  constructor(
    private readonly o: ResolvedSimulationOptions,
    private readonly connections: readonly OrdermeshClients[],
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
    this.tally = new OrderTally(o.finalStatuses);
    this.settleStarted = new Promise((resolve) => (this.startSettling = resolve));
    this.lives = new OrderLife({
      options: o,
      connections,
      limiter: this.limiter,
      stats: this.stats,
      tally: this.tally,
      orders: this.orders,
      signal: this.signal,
      settleExpired: this.settleExpired.signal,
      stopWatching: this.stopWatching,
      settleStarted: this.settleStarted,
      onRequest: (record: RequestRecord) => this.hooks.onRequest?.(record),
    });
  }

  async run(): Promise<SimulationSummary> {
    // Ref'd on purpose: it keeps the process alive while every order sleeps in its payment delay
    // (lib/runtime's sleep is unref'd, and grpc-js unrefs an idle channel).
    const ticker = setInterval(() => this.emitProgress(), this.hooks.progressIntervalMs ?? 200);
    this.emitProgress();
    try {
      const catalogue = await loadCatalogue(this.connections[0] as OrdermeshClients, {
        target: this.o.target,
        timeoutMs: this.o.catalogueTimeoutMs,
        signal: this.signal,
        onRetry: (problem) => {
          this.waitingFor = problem;
        },
      });
      const startedAt = new Date().toISOString();
      await this.place(catalogue);
      return summarizeRun({
        options: this.o,
        startedAt,
        interrupted: this.signal.aborted,
        orders: this.orders,
        tally: this.tally,
        stats: this.stats,
        placingStartedAt: this.placingStartedAt,
        placingEndedAt: this.placingEndedAt,
        settleEndedAt: this.settleEndedAt,
      });
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
      this.tally.placed += 1;
      lives.push(
        this.lives.live(plan, release, paid).catch((err: unknown) => {
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

  /** Gives the caller a snapshot of the run (a no-op without onProgress). */
  private emitProgress(): void {
    if (!this.hooks.onProgress) return;
    const now = performance.now();
    const placingEnd = this.placingEndedAt || now;
    const { tally } = this;
    this.hooks.onProgress({
      phase: this.phase,
      target: this.o.target,
      elapsedMs: this.placingStartedAt ? (this.phase === 'placing' ? now : placingEnd) - this.placingStartedAt : 0,
      settleElapsedMs: this.placingEndedAt ? (this.settleEndedAt || now) - this.placingEndedAt : 0,
      placed: tally.placed,
      acknowledged: tally.acknowledged,
      ordersTarget: Number.isFinite(this.o.orders) ? this.o.orders : undefined,
      durationS: this.o.durationS,
      ratePerS: this.phase === 'placing' ? this.rate.sample(now, tally.acknowledged) : 0,
      statuses: tally.byName(),
      pending: tally.pending,
      failedCalls: this.stats.failed,
      lost: tally.lost,
      ...(this.phase === 'catalogue' && this.waitingFor ? { waitingFor: this.waitingFor } : {}),
    });
  }
}
