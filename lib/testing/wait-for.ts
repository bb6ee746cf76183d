import { WaitForTimeoutError } from './errors.js';

/** `T` without the falsy values waitFor keeps polling through. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long; default 10 000 ms. Be generous: this bounds a test, it does not measure. */
  timeoutMs?: number;
  /** Pause between attempts; default 50 ms. */
  intervalMs?: number;
  /** What is awaited, for the timeout message, e.g. 'node n1 registered'. */
  message?: string;
  /** Stops waiting early (rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * Polls `predicate` until it returns a truthy value and resolves with that value. A predicate
 * that throws counts as "not yet" (so `assert` calls can be the predicate); the last error
 * becomes the timeout error's cause. Each attempt is itself bounded by the time left, so a
 * hanging predicate cannot overrun the timeout.
 * Thrown by: WaitForTimeoutError when the predicate has not held within `timeoutMs`; the
 * signal's reason when `signal` aborts.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Truthy<Awaited<T>>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const what = options.message ?? 'condition';
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    attempts++;
    try {
      const value = await boundedAttempt(predicate, deadline - Date.now());
      if (value) return value as Truthy<Awaited<T>>;
      lastError = undefined;
    } catch (error) {
      // An attempt cut off by the deadline says nothing about the predicate; keep what the
      // earlier attempts said instead (unless it is all we have).
      if (!(error instanceof AttemptCutOff) || attempts === 1) lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitForTimeoutError(what, timeoutMs, attempts, lastError === undefined ? undefined : { cause: lastError });
    await pause(Math.min(intervalMs, left), options.signal);
  }
}

class AttemptCutOff extends Error {
  constructor() {
    super('predicate did not settle before the deadline');
  }
}

async function boundedAttempt<T>(predicate: () => T | Promise<T>, leftMs: number): Promise<Awaited<T>> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = Promise.resolve().then(predicate);
  attempt.catch(() => undefined);
  try {
    return await Promise.race([
      attempt,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AttemptCutOff()), Math.max(leftMs, 0));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
