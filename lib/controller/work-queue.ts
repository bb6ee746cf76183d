import { backoffDelayMs } from '../runtime/index.js';

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Delay of a key's first {@link WorkQueue.addRateLimited}; doubles with every further one. Default 50 ms. */
  baseDelayMs?: number;
  /** Largest rate-limited delay; default 5 000 ms. */
  maxDelayMs?: number;
}

/**
 * A work queue of keys in the manner of client-go's `workqueue` (what controller-runtime runs
 * reconcilers over). Keys stand for "this object may be out of date": the worker re-reads the
 * world, so a key waiting once is as good as a key waiting ten times.
 *
 * - `add(key)` dedupes: a key already waiting is not queued again.
 * - A key is never handed out twice at once: a key added while a worker holds it (between
 *   `get()` and `done()`) is queued again by `done()`, so the change that arrived mid-reconcile
 *   is not lost and two workers never reconcile one key concurrently.
 * - `addRateLimited(key)` queues the key after a per-key exponential backoff (base, 2×base, …
 *   up to max); `forget(key)` resets it, after a success.
 * - `shutdown()` stops accepting keys, drops the waiting ones (a level-based controller re-reads
 *   everything when it starts again) and makes every `get()` resolve `undefined`.
 *
 * Keys are compared with `Set` semantics (SameValueZero): use strings or numbers, not objects
 * built per event.
 */
export class WorkQueue<K> {
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  /** Keys ready to be handed out, in order. Every key here is also in #dirty. */
  #queue: K[] = [];
  /** Keys that need processing: waiting in #queue, or re-added while processing. */
  readonly #dirty = new Set<K>();
  /** Keys handed out by get() and not yet done(). */
  readonly #processing = new Set<K>();
  /** Consecutive rate-limited adds per key. */
  readonly #failures = new Map<K, number>();
  /** Pending delayed adds: key → timer and when it fires. */
  readonly #delayed = new Map<K, { timer: NodeJS.Timeout; readyAt: number }>();
  /** Pending get() calls, oldest first. */
  #waiters: Array<(key: K | undefined) => void> = [];
  #shuttingDown = false;

  /** Thrown by: RangeError when a delay is negative or max < base. */
  constructor(options: WorkQueueOptions = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 50;
    this.#maxDelayMs = options.maxDelayMs ?? 5_000;
    if (this.#baseDelayMs < 0 || this.#maxDelayMs < this.#baseDelayMs) {
      throw new RangeError(`WorkQueue needs 0 <= baseDelayMs <= maxDelayMs, got ${this.#baseDelayMs} and ${this.#maxDelayMs}`);
    }
  }

  /** Keys waiting to be handed out (not counting those being processed). */
  get length(): number {
    return this.#queue.length;
  }

  /** Keys handed out and not yet done(). */
  get processing(): number {
    return this.#processing.size;
  }

  /** Whether {@link shutdown} was called. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /**
   * Marks `key` as needing processing. No-op when it is already waiting, or after shutdown();
   * when it is being processed it is queued again once done() is called.
   */
  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#queue.push(key);
    this.#dispatch();
  }

  /**
   * Adds `key` after `delayMs` (at once when ≤ 0). Of several delayed adds of one key the
   * earliest wins; a plain add() in the meantime is not held back by it.
   */
  addAfter(key: K, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const readyAt = Date.now() + delayMs;
    const pending = this.#delayed.get(key);
    if (pending && pending.readyAt <= readyAt) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.#delayed.set(key, { timer, readyAt });
  }

  /**
   * Adds `key` after its backoff: base × 2^(n−1) for its n-th consecutive call since the last
   * forget(), capped at max. Returns the delay chosen (for logs).
   */
  addRateLimited(key: K): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    const delayMs = backoffDelayMs(failures + 1, { initialDelayMs: this.#baseDelayMs, maxDelayMs: this.#maxDelayMs, jitter: 0 });
    this.addAfter(key, delayMs);
    return delayMs;
  }

  /** Resets `key`'s backoff (call after it was processed successfully). Pending delayed adds stay. */
  forget(key: K): void {
    this.#failures.delete(key);
  }

  /** How many rate-limited adds `key` had since it was last forgotten. */
  requeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }

  /**
   * Hands out the next key, waiting for one. The caller must call {@link done} with it when
   * finished. Resolves `undefined` once the queue is shut down, or when `signal` aborts.
   */
  get(signal?: AbortSignal): Promise<K | undefined> {
    if (this.#shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = (key: K | undefined): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(key);
      };
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#dispatch();
    });
  }

  /** Marks `key` as processed; queues it again if it was added while being processed. */
  done(key: K): void {
    if (!this.#processing.delete(key)) return;
    if (this.#dirty.has(key) && !this.#shuttingDown) {
      this.#queue.push(key);
      this.#dispatch();
    }
  }

  /**
   * Stops the queue: no more adds, pending delayed adds cancelled, waiting keys dropped, and
   * every pending and future get() resolves `undefined`. Keys being processed may still be
   * passed to done(). Idempotent.
   */
  shutdown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    this.#queue = [];
    this.#dirty.clear();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter(undefined);
  }

  /** Hands waiting keys to waiting getters. */
  #dispatch(): void {
    while (this.#waiters.length > 0 && this.#queue.length > 0) {
      const key = this.#queue.shift() as K;
      const waiter = this.#waiters.shift() as (key: K | undefined) => void;
      this.#dirty.delete(key);
      this.#processing.add(key);
      waiter(key);
    }
  }
}
