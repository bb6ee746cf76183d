/**
 * Messages between the benchmarks' orchestrators (create-order.bench.ts, bench/cluster.bench.ts)
 * and their child processes (echo-server, warehouse-server, load-generator), sent over the Node
 * IPC channel of `fork`.
 */

/** The RPCs the load generator can drive. The echo server answers CreateOrder only. */
export const BENCH_RPCS = ['CreateOrder', 'GetOrder', 'ConfirmPayment', 'GetStock', 'ListOrders'] as const;
export type BenchRpc = (typeof BENCH_RPCS)[number];

/** An existing order, for GetOrder (read) and ConfirmPayment (paid with its total). */
export interface BenchOrder {
  orderId: string;
  totalCents: number;
}

/** What the load generator is asked to do. */
export interface LoadSpec {
  /** host:port of the server; always 127.0.0.1. */
  address: string;
  /** Label of the target in reports (e.g. 'echo', 'create-order', 'gateway'). */
  target: string;
  /** The RPC every call makes; default 'CreateOrder'. */
  rpc?: BenchRpc;
  /** Calls kept in flight at all times. */
  concurrency: number;
  /** HTTP/2 connections the calls are spread over (round-robin by worker). */
  channels: number;
  warmupS: number;
  durationS: number;
  /** Deadline of each call. */
  callTimeoutMs: number;
  /** Skus to pick 1 to 3 of, at random, per order (CreateOrder) or per stock read (GetStock). */
  skus: string[];
  /** Makes request and payment ids unique across runs. */
  runId: string;
  /**
   * CreateOrder: the regions orders are placed in, in turn; ListOrders: the regions listed, at
   * random. Default ['HCM'].
   */
  regions?: string[];
  /**
   * GetOrder: the orders read, at random. ConfirmPayment: RESERVED orders, each paid once (in
   * list order, with its total); when they run out the phase ends early (`exhausted`).
   */
  orders?: BenchOrder[];
  /** GetStock: the warehouses read, at random (1 to 3 of `skus` each). Default ['HCM-01']. */
  warehouses?: string[];
}

/** Latency summary of the calls that completed in the measured window, in milliseconds. */
export interface LatencySummary {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** What the load generator measured. */
export interface LoadResult extends LatencySummary {
  target: string;
  rpc: BenchRpc;
  concurrency: number;
  channels: number;
  /** Calls that completed (OK or not) inside the measured window. */
  calls: number;
  /**
   * Of those, the ones that failed: a non-OK status, or an answer that is not what the call
   * asked for (CreateOrder: not RESERVED; ConfirmPayment: not PAID; GetOrder: another order;
   * GetStock: not one level per sku asked).
   */
  errors: number;
  /** Failures by gRPC status name (or NOT_RESERVED, NOT_PAID, WRONG_ORDER, WRONG_STOCK). */
  errorsByCode: Record<string, number>;
  /** Successful calls per second of the measured window. */
  callsPerS: number;
  /** Actual length of the measured window. */
  windowS: number;
  /** Calls completed during the warm-up (not counted above). */
  warmupCalls: number;
  warmupErrors: number;
  /** ConfirmPayment ran out of orders to pay: the measured window ended early (see windowS). */
  exhausted: boolean;
}

/** Progress, once a second. */
export interface LoadProgress {
  phase: 'warmup' | 'measure';
  /** Seconds into the phase. */
  elapsedS: number;
  phaseS: number;
  /** Calls completed in the last second, and how many of them failed. */
  calls: number;
  errors: number;
}

export type ParentMessage = { type: 'run'; spec: LoadSpec };

export type ChildMessage =
  | { type: 'ready'; address: string }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'measure-start' }
  | { type: 'measure-end' }
  | { type: 'result'; result: LoadResult }
  | { type: 'failed'; message: string };
