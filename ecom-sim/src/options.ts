/** What a simulation is asked to do: its options, their defaults, and the checks on them. */
import { randomBytes } from 'node:crypto';
import { SimulationOptionsError } from './errors.js';
import { DEFAULT_FINAL_STATUSES, STATUS_ORDER, type OrderStatusName } from './order-statuses.js';

/** What to simulate. Only `target` is required; see {@link resolveSimulationOptions} for the defaults. */
export interface SimulationOptions {
  /** host:port of the gateway (or of one warehouse node, which serves any request). */
  target: string;
  /** Orders to place. Default 100 when `durationS` is not set either, else no count limit. */
  orders?: number;
  /** At most this many calls in flight at once (CreateOrder, ConfirmPayment and GetOrder together). Default 10. */
  concurrency?: number;
  /**
   * HTTP/2 connections to the target, each order's calls taking one of them (order i the
   * i-th modulo this). Default 1, as ghz. Many shops are many connections: with one, every call
   * in flight shares its fate (a server that closes it, e.g. for too many cancelled calls, ends
   * them all).
   */
  connections?: number;
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
  connections: number;
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
  const connections = o.connections ?? 1;
  check(Number.isInteger(connections) && connections >= 1 && connections <= 1_000, 'connections', 'must be a whole number from 1 to 1000');
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
    connections,
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
