/** Options of {@link Backoff} and {@link backoffDelayMs}. */
export interface BackoffOptions {
  /** First delay; default 100 ms. */
  initialDelayMs?: number;
  /** Largest delay before jitter; default 5 000 ms. */
  maxDelayMs?: number;
  /** Growth per attempt; default 2. */
  multiplier?: number;
  /** Fraction of each delay that is randomised (0..1); default 0.2. */
  jitter?: number;
  /**
   * Which way jitter moves a delay. 'down' (the default) only shortens it, so no delay exceeds
   * `maxDelayMs`. 'both' spreads it evenly from (1 − jitter) to (1 + jitter) times the
   * exponential delay, so retries spread around it (a delay may then reach the cap × (1 + jitter)).
   */
  jitterDirection?: 'down' | 'both';
}

/** Past this many doublings every delay is at any sane cap; the bound keeps the power finite. */
const MAX_EXPONENT = 52;

/**
 * The delay before retry number `attempt` (1 for the first retry; 0 counts as 1): `initialDelayMs
 * × multiplier^(attempt − 1)`, capped at `maxDelayMs`, then jittered and rounded to whole ms. The
 * stateless form of {@link Backoff}, for callers that store the attempt count themselves (a
 * database row, a work-queue entry, a driver's reconnect callback).
 * Thrown by: nothing; out-of-range jitter is clamped to 0..1.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initialDelayMs = options.initialDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const exponent = Math.min(Math.max(0, attempt - 1), MAX_EXPONENT);
  const base = Math.min(maxDelayMs, initialDelayMs * (options.multiplier ?? 2) ** exponent);
  if (jitter === 0) return Math.round(base);
  const factor = options.jitterDirection === 'both' ? 1 - jitter + 2 * jitter * random() : 1 - jitter * random();
  return Math.round(base * factor);
}

/**
 * Exponential backoff with jitter for retrying etcd while it is down: fast first retries so a
 * blip costs little, a cap so recovery is noticed within `maxDelayMs`, and jitter so many
 * nodes do not hit a recovering etcd in lockstep. Jitter only shortens a delay, never past the
 * cap (unless `jitterDirection` is 'both'). Counts failures itself; see {@link backoffDelayMs}
 * for the stateless form.
 */
export class Backoff {
  private readonly options: BackoffOptions;
  private failures = 0;

  /** Thrown by: nothing; out-of-range jitter is clamped to 0..1. */
  constructor(options: BackoffOptions = {}) {
    this.options = { ...options };
  }

  /** Consecutive failures since the last reset(). */
  get attempts(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    this.failures++;
    return backoffDelayMs(this.failures, this.options);
  }

  /** Records a success: the next failure starts from the initial delay again. */
  reset(): void {
    this.failures = 0;
  }
}
