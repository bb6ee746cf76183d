import type { Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import { classifyDatabaseError } from './pg-errors.js';

/** Options of {@link DbHealthMonitor}. */
export interface DbHealthMonitorOptions {
  /** Runs `SELECT 1` on a connection of its own (Database.probe); rejects with what went wrong. */
  probe: (timeoutMs: number) => Promise<void>;
  log: Logger;
  /** Called when health changes (and once with the first result). */
  onChange: (healthy: boolean) => void;
  /**
   * Called when a probe found Postgres unreachable (a connection error, not a slow answer): give
   * it `Database.renewPool`, so that connections broken by the outage are gone when the database
   * returns, and statements stranded on them fail now instead of at their deadline.
   */
  onUnreachable?: () => void;
  intervalMs?: number;
  /** How long one probe waits for its answer; default 2 000 ms. */
  timeoutMs?: number;
  /** Probes in a row that got no answer in time before health turns NOT_SERVING; default 3. */
  timeoutsBeforeDown?: number;
}

/**
 * Probes Postgres with `SELECT 1` about once a second on a connection of its own, so health
 * goes NOT_SERVING soon after the database goes away and back to SERVING by itself when it
 * returns. It judges by the answer, not by waiting:
 * - an answer, or "too many connections" (Postgres is up, only full): healthy;
 * - a connection error (refused, reset, closed, shut down, starting up): unhealthy at once, and
 *   {@link DbHealthMonitorOptions.onUnreachable};
 * - no answer in time: unhealthy only after several in a row, because a database that is slow
 *   under load is not a dead one (and the probe does not queue behind the busy pool).
 */
export class DbHealthMonitor {
  private current: boolean | undefined;
  private timeoutsInARow = 0;
  private running: Promise<boolean> | undefined;

  constructor(private readonly options: DbHealthMonitorOptions) {}

  /** The result of the last probe (false before the first). */
  get healthy(): boolean {
    return this.current === true;
  }

  /** True once a probe found the database down, until one finds it up (false before the first). */
  get down(): boolean {
    return this.current === false;
  }

  /** Probes until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const { intervalMs = 1000 } = this.options;
    while (!signal.aborted) {
      await this.probe();
      await sleep(intervalMs, signal);
    }
  }

  /** Probes now, unless a probe is running (then its result); e.g. after a call saw the database fail. */
  probe(): Promise<boolean> {
    this.running ??= this.probeOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async probeOnce(): Promise<boolean> {
    const { timeoutMs = 2000, timeoutsBeforeDown = 3, log } = this.options;
    let ok: boolean;
    try {
      await this.options.probe(timeoutMs);
      ok = true;
      this.timeoutsInARow = 0;
    } catch (err) {
      const failure = classifyDatabaseError(err);
      if (failure === 'exhausted') {
        ok = true;
        this.timeoutsInARow = 0;
      } else if (failure === 'unreachable') {
        ok = false;
        this.timeoutsInARow = 0;
        if (this.current !== false) log.warn({ err: (err as Error).message }, 'database unreachable');
        this.options.onUnreachable?.();
      } else {
        this.timeoutsInARow += 1;
        ok = this.timeoutsInARow < timeoutsBeforeDown && this.current !== false;
        log.warn({ err: (err as Error).message, inARow: this.timeoutsInARow }, ok ? 'database slow to answer the health probe' : 'database not answering');
      }
    }
    if (ok !== this.current) {
      if (ok && this.current === false) log.info('database reachable again');
      this.current = ok;
      this.options.onChange(ok);
    }
    return ok;
  }
}
