/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First delay; default 100 ms. */
  initialDelayMs?: number;
  /** Largest delay; default 5 000 ms. */
  maxDelayMs?: number;
  /** Growth per attempt; default 2. */
  multiplier?: number;
  /** Fraction of each delay that is randomised away (0..1); default 0.2. */
  jitter?: number;
}

/**
 * Exponential backoff with jitter for retrying etcd while it is down: fast first retries so a
 * blip costs little, a cap so recovery is noticed within `maxDelayMs`, and jitter so many
 * nodes do not hit a recovering etcd in lockstep. Jitter only shortens a delay, never past the cap.
 */
export class Backoff {
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly multiplier: number;
  private readonly jitter: number;
  private failures = 0;

  /** Thrown by: nothing; out-of-range jitter is clamped to 0..1. */
  constructor(options: BackoffOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.multiplier = options.multiplier ?? 2;
    this.jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  }

  /** Consecutive failures since the last reset(). */
  get attempts(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * this.multiplier ** this.failures);
    this.failures++;
    return Math.round(base * (1 - this.jitter * Math.random()));
  }

  /** Records a success: the next failure starts from the initial delay again. */
  reset(): void {
    this.failures = 0;
  }
}
