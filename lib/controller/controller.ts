import { silentLogger, type Logger } from '../logging/index.js';
import { isTerminalError } from './terminal-error.js';
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

/**
 * Brings the world in line with the desired state of one key. Level-based: it is told only
 * *which* key may be out of date, never what changed, so it re-reads everything it needs.
 * Resolve when the key is in its desired state; throw to have it retried with backoff, or throw
 * a {@link TerminalError} when retrying cannot help.
 */
export interface Reconciler<K> {
  /**
   * Reconciles `key`. `signal` aborts when the controller stops: stop waiting, and make sure
   * nothing written after that can do harm (guard writes with a compare).
   */
  reconcile(key: K, signal: AbortSignal): Promise<void>;
}

/** Where a controller is in its life. */
export type ControllerState = 'IDLE' | 'RUNNING' | 'STOPPING' | 'STOPPED';

/** Options of {@link Controller}. */
export interface ControllerOptions<K> {
  /** Names the controller in logs, e.g. 'assignment'. */
  name: string;
  reconciler: Reconciler<K>;
  /** Concurrent reconciles (of different keys: one key never runs twice at once); default 1. */
  workers?: number;
  /** Backoff of failed keys; see {@link WorkQueueOptions}. */
  queue?: WorkQueueOptions;
  log?: Logger;
}

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with N workers (controller-runtime's
 * controller). Event sources call {@link enqueue}; a key that fails is requeued with per-key
 * exponential backoff and logged; a {@link TerminalError} is logged and forgotten; a success
 * resets the key's backoff.
 */
export class Controller<K> {
  /** The controller's queue; keys may be added before start(). */
  readonly queue: WorkQueue<K>;
  readonly #reconciler: Reconciler<K>;
  readonly #workers: number;
  readonly #log: Logger;
  #state: ControllerState = 'IDLE';

  /** Thrown by: RangeError when `workers` is not a positive integer. */
  constructor(options: ControllerOptions<K>) {
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
    this.#workers = workers;
    this.#reconciler = options.reconciler;
    this.queue = new WorkQueue<K>(options.queue);
    this.#log = (options.log ?? silentLogger()).child({ component: 'controller', controller: options.name });
  }

  /** Where the controller is; see {@link ControllerState}. */
  get state(): ControllerState {
    return this.#state;
  }

  /** Marks `key` as possibly out of date (deduped while it waits). Ignored once stopping. */
  enqueue(key: K): void {
    this.queue.add(key);
  }

  /**
   * Runs the workers until `signal` aborts, then shuts the queue down (waiting keys are
   * dropped), waits for the reconciles in flight (they see the aborted signal) and resolves.
   * Thrown by: Error when called a second time.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#state !== 'IDLE') throw new Error('Controller.start() may be called once');
    this.#state = 'RUNNING';
    const onAbort = (): void => {
      this.#state = 'STOPPING';
      this.queue.shutdown();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    this.#log.debug({ workers: this.#workers }, 'controller started');
    try {
      await Promise.all(Array.from({ length: this.#workers }, () => this.#work(signal)));
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.queue.shutdown();
      this.#state = 'STOPPED';
      this.#log.debug('controller stopped');
    }
  }

  async #work(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.#reconcileOne(key, signal);
      } finally {
        this.queue.done(key);
      }
    }
  }

  async #reconcileOne(key: K, signal: AbortSignal): Promise<void> {
    try {
      await this.#reconciler.reconcile(key, signal);
      this.queue.forget(key);
    } catch (error) {
      if (signal.aborted) {
        // Stopping: the failure is most likely the abort itself, and nobody will retry.
        this.#log.debug({ key: String(key), err: error }, 'reconcile ended by shutdown');
      } else if (isTerminalError(error)) {
        this.queue.forget(key);
        this.#log.error({ key: String(key), err: error }, 'reconcile failed terminally; not retrying');
      } else {
        const delayMs = this.queue.addRateLimited(key);
        this.#log.warn({ key: String(key), err: error, delayMs, requeues: this.queue.requeues(key) }, 'reconcile failed; requeued');
      }
    }
  }
}
