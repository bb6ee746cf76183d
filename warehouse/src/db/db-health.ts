import { sql } from 'drizzle-orm';
import type { Logger } from '../../../lib/logging/index.js';
import { sleep } from '../../../lib/runtime/index.js';
import type { Db } from './database.js';

/** Options of {@link DbHealthMonitor}. */
export interface DbHealthMonitorOptions {
  db: Db;
  log: Logger;
  /** Called when health changes (and once with the first result). */
  onChange: (healthy: boolean) => void;
  /**
   * Called after every failed probe, before the next one: give it `Database.renewPool`, so that
   * connections broken by the outage are gone when the database returns (see renewPool).
   */
  onProbeFailed?: () => void;
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * Probes Postgres with `SELECT 1` about once a second, so health goes NOT_SERVING soon after
 * the database goes away and back to SERVING by itself when it returns.
 */
export class DbHealthMonitor {
  private current: boolean | undefined;

  constructor(private readonly options: DbHealthMonitorOptions) {}

  /** The result of the last probe (false before the first). */
  get healthy(): boolean {
    return this.current === true;
  }

  /** Probes until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const { intervalMs = 1000 } = this.options;
    while (!signal.aborted) {
      await this.probe();
      await sleep(intervalMs, signal);
    }
  }

  /** Probes once now (also called after a request saw the database fail). */
  async probe(): Promise<boolean> {
    const { timeoutMs = 1000 } = this.options;
    let ok: boolean;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.db.execute(sql`SELECT 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      ok = true;
    } catch (err) {
      ok = false;
      if (this.current !== false) this.options.log.warn({ err: (err as Error).message }, 'database unreachable');
      this.options.onProbeFailed?.();
    } finally {
      clearTimeout(timer);
    }
    if (ok !== this.current) {
      if (ok && this.current === false) this.options.log.info('database reachable again');
      this.current = ok;
      this.options.onChange(ok);
    }
    return ok;
  }
}
