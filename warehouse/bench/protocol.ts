/**
 * Messages between the benchmark's orchestrator (create-order.bench.ts) and its child processes
 * (echo-server, warehouse-server, load-generator), sent over the Node IPC channel of `fork`.
 */

/** What the load generator is asked to do. */
export interface LoadSpec {
  /** host:port of the server; always 127.0.0.1. */
  address: string;
  /** Label of the target in reports ('echo' or 'create-order'). */
  target: string;
  /** Calls kept in flight at all times. */
  concurrency: number;
  /** HTTP/2 connections the calls are spread over (round-robin by worker). */
  channels: number;
  warmupS: number;
  durationS: number;
  /** Deadline of each call. */
  callTimeoutMs: number;
  /** Skus to pick 1 to 3 of, at random, per order. */
  skus: string[];
  /** Makes request ids unique across runs. */
  runId: string;
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
  concurrency: number;
  channels: number;
  /** Calls that completed (OK or not) inside the measured window. */
  calls: number;
  /** Of those, the ones that failed (non-OK status, or an order that was not RESERVED). */
  errors: number;
  /** Failures by gRPC status name (or NOT_RESERVED). */
  errorsByCode: Record<string, number>;
  /** Successful calls per second of the measured window. */
  callsPerS: number;
  /** Actual length of the measured window. */
  windowS: number;
  /** Calls completed during the warm-up (not counted above). */
  warmupCalls: number;
  warmupErrors: number;
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
