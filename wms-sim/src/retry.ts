import * as grpc from '@grpc/grpc-js';
import { statusOf } from '#lib/grpc/index.js';
import { Backoff, type BackoffOptions } from '#lib/runtime/index.js';
import { sleep } from '#lib/runtime/index.js';
import { RetryBudgetExhaustedError, RetryStoppedError } from './errors.js';

/** A short description of a failure for logs: `UNAVAILABLE: No connection established`. */
export function describeFailure(err: unknown): string {
  const status = statusOf(err);
  if (status) return `${grpc.status[status.code]}: ${status.details}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Codes a call to ordermesh answers when trying again later may work: UNAVAILABLE (a node or
 * the database down), RESOURCE_EXHAUSTED (the database or a node full: too many connections,
 * load shed), DEADLINE_EXCEEDED, ABORTED (a lost race).
 */
export const TRANSIENT_CODES: ReadonlySet<grpc.status> = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.ABORTED,
]);

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** What is retried, for errors and logs, e.g. 'ReportShipment HCM-01J...'. */
  what: string;
  /** Whether a failure is worth another attempt; others are thrown at once. */
  retryable: (err: unknown) => boolean;
  /** No attempt starts later than this many ms after the first; Infinity retries until `signal` aborts. */
  budgetMs: number;
  /** Stops retrying (the current attempt is the caller's to bound with a deadline). */
  signal: AbortSignal;
  /** Default: 100 ms doubling to 5 s, 20 % jitter. */
  backoff?: BackoffOptions;
  /** Called before each pause, e.g. to log. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Calls `fn` until it succeeds, pausing with exponential backoff and jitter between attempts.
 * Thrown by: the failure itself when `retryable` says no; RetryBudgetExhaustedError (cause: the
 * last failure) when the budget would be exceeded; RetryStoppedError when `signal` aborts.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 5_000, jitter: 0.2, ...options.backoff });
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw new RetryStoppedError(options.what, attempt - 1);
    let failure: unknown;
    try {
      return await fn(attempt);
    } catch (err) {
      failure = err;
    }
    if (!options.retryable(failure)) throw failure;
    const delayMs = backoff.next();
    if (Date.now() + delayMs - started > options.budgetMs) throw new RetryBudgetExhaustedError(options.what, attempt, options.budgetMs, { cause: failure });
    options.onRetry?.(failure, attempt, delayMs);
    await sleep(delayMs, options.signal);
    if (options.signal.aborted) throw new RetryStoppedError(options.what, attempt, { cause: failure });
  }
}
