import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { OrdermeshError } from '#lib/errors/index.js';
import type { Logger } from '#lib/logging/index.js';
import { backoffDelayMs, type BackoffOptions } from '#lib/runtime/index.js';
import { onDriverFault } from './driver-fault-guard.js';
import { classifyDatabaseError, errorCode, toDatabaseDomainError } from './pg-errors.js';
import * as schema from './schema.js';

export { errorCode };

/** The typed drizzle handle over the warehouse schema. */
export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle (same API as {@link Db}). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Longest wait before a pooled connection is tried again after a failed connect. */
/** Reconnect delays: 10 ms doubling to 500 ms, spread ±50 % so many nodes do not reconnect together. */
const RECONNECT_BACKOFF: BackoffOptions = { initialDelayMs: 10, maxDelayMs: 500, jitter: 0.5, jitterDirection: 'both' };

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  url: string;
  /** Connections in the pool; the pool never has more open (see {@link Database.renewPool}). */
  poolSize: number;
  log: Logger;
  /** Seconds to wait for a connection before failing (fail fast when Postgres is down). */
  connectTimeoutS?: number;
  /** Milliseconds a statement may run before Postgres cancels it. */
  statementTimeoutMs?: number;
  /** Least time between two renewals of the pool; default 2 000 ms (a flapping probe must not churn it). */
  minRenewIntervalMs?: number;
}

/** An open connection pool. */
export interface Database {
  /** The drizzle handle. Stable: it always runs on the current pool, also after {@link renewPool}. */
  readonly db: Db;
  /** The current postgres.js pool; it changes on {@link renewPool}, so read it per use. */
  readonly sql: postgres.Sql;
  /**
   * Runs `SELECT 1` on a connection of its own (not one of the pool's), so a busy pool is never
   * taken for a dead database: it answers as soon as Postgres does. Rejects with the driver's
   * error, or with a timeout error after `timeoutMs`; after a failure the probe's connection is
   * replaced, since postgres.js may have left it broken.
   */
  probe(timeoutMs: number): Promise<void>;
  /**
   * Replaces the pool with a fresh one, in the background, destroying the old one first: its
   * connections are terminated (on the server too) and whatever was waiting on them fails with
   * CONNECTION_DESTROYED (UNAVAILABLE); the new pool takes calls only after that, so renewing
   * never doubles the connections. Call it only when the database was found unreachable (those
   * connections are dead anyway) or the driver faulted.
   * Needed because postgres.js 3.4.9 can leave a connection broken for good when its backend
   * dies mid-statement (a Postgres restart or crash): that connection replays the old error on
   * its next query, or never sends again, so queries on it hang (porsager/postgres#1208, #1223).
   * Only a new pool is rid of such connections. At most once per `minRenewIntervalMs`; returns
   * false when it did nothing (too soon, or closed).
   */
  renewPool(reason: string): boolean;
  /**
   * The pool's connections as Postgres sees them (pg_stat_activity), by state (`active`,
   * `idle`, `idle in transaction`), for metrics; asked on the probe's own connection, so a busy
   * pool does not hold it up.
   */
  connectionStates(): Promise<Array<{ state: string; count: number }>>;
  /** Closes the pool and the probe's connection, waiting up to `timeoutS` for running queries. */
  close(timeoutS?: number): Promise<void>;
}

/** Opens a postgres.js pool and a drizzle handle over it. Connections open lazily. */
export function openDatabase(options: DatabaseOptions): Database {
  const { log } = options;
  // Each pool names its sessions uniquely, so a renewal can find the old pool's backends.
  const instance = Math.random().toString(36).slice(2, 8);
  let generation = 0;
  const names = new WeakMap<postgres.Sql, string>();
  const openPool = (max: number, role: 'pool' | 'probe'): postgres.Sql => {
    const applicationName = role === 'probe' ? 'ordermesh-warehouse-probe' : `ordermesh-warehouse #${instance}.${++generation}`;
    const pool = postgres(options.url, {
      max,
      connect_timeout: options.connectTimeoutS ?? 2,
      // postgres.js waits before connecting again by a count of failed connects that the whole
      // pool shares and only a successful connect resets; its default (up to 20 s) is reached
      // within seconds of an outage, and calls made after Postgres is back then hang to their
      // deadline waiting for a connection (found by the crash-anywhere test). A short cap instead:
      // while Postgres is down the node refuses calls at once anyway (the probe), so this only
      // bounds how soon a connection is tried again.
      backoff: (retries: number) => backoffDelayMs(retries, RECONNECT_BACKOFF) / 1000,
      // The probe keeps its one connection (it must not queue behind a busy pool's connects).
      idle_timeout: role === 'probe' ? 0 : 60,
      // SELECT 1 needs no array types; and a probe connection destroyed while fetching them
      // would leave postgres.js's fetch promise rejected unhandled.
      fetch_types: role !== 'probe',
      onnotice: () => {},
      connection: {
        statement_timeout: options.statementTimeoutMs ?? 10_000,
        // A transaction left open by a crashed handler must not hold row locks for long.
        idle_in_transaction_session_timeout: 30_000,
        application_name: applicationName,
      },
    });
    names.set(pool, applicationName);
    // drizzle() sets its type parsers on the pool's options; every pool needs them.
    drizzle(pool, { schema });
    return pool;
  };
  let current = openPool(options.poolSize, 'pool');
  let probePool = openPool(1, 'probe');
  let closed = false;
  let lastRenewAt = 0;
  const retiring = new Set<Promise<void>>();
  const retire = (pool: postgres.Sql): void => {
    // timeout 0: terminate every connection now and reject what waits on them.
    const ending = pool.end({ timeout: 0 }).catch(() => undefined);
    retiring.add(ending);
    void ending.finally(() => retiring.delete(ending));
  };
  // The client drizzle holds: every property read goes to the pool in use at that moment, so
  // `db` (and every store holding it) moves to a renewed pool without being told.
  const client = new Proxy(current, {
    get(_target, property) {
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? (value.bind(current) as unknown) : value;
    },
  });
  const db = drizzle(client, { schema });
  let renewing: Promise<void> | undefined;
  /**
   * Old pool out, then new pool in, so the two never hold connections at once: the old pool
   * ends at once (its queued and running statements fail with CONNECTION_DESTROYED, and calls
   * arriving meanwhile fail fast with CONNECTION_ENDED; all UNAVAILABLE); backends of the old
   * pool still running a statement on the server (a terminated socket does not stop it) are
   * terminated through the probe's connection; only then the new pool takes calls.
   */
  const renew = (reason: string): void => {
    if (renewing) return;
    lastRenewAt = Date.now();
    const old = current;
    log.warn({ reason }, 'database pool renewing');
    const done = (async () => {
      await old.end({ timeout: 0 }).catch(() => undefined);
      await terminateBackends(names.get(old) ?? '').catch(() => undefined);
      if (!closed) current = openPool(options.poolSize, 'pool');
    })();
    renewing = done;
    retiring.add(done);
    void done.finally(() => {
      retiring.delete(done);
      renewing = undefined;
    });
  };
  /** Best effort, bounded: when the database is unreachable those backends are gone anyway. */
  const terminateBackends = async (applicationName: string): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const terminating = probePool`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${applicationName} AND pid <> pg_backend_pid()`.execute();
    // It may lose the race and fail later (its pool retired): that must not be an unhandled rejection.
    terminating.catch(() => undefined);
    await Promise.race([
      terminating,
      new Promise((resolve) => {
        timer = setTimeout(resolve, 1_000);
      }),
    ]).finally(() => clearTimeout(timer));
  };
  const renewPool = (reason: string): boolean => {
    if (closed || Date.now() - lastRenewAt < (options.minRenewIntervalMs ?? 2_000)) return false;
    renew(reason);
    return true;
  };
  // A contained driver fault (driver-fault-guard.ts) strands a statement on a dead connection of
  // some pool of this process; renewing destroys it and fails that statement as UNAVAILABLE.
  const stopGuard = onDriverFault((err, kind) => {
    if (kind === 'orphaned-rejection') {
      log.debug({ err: err.message }, 'postgres.js rejection of a destroyed connection dropped');
      return;
    }
    log.error({ err }, 'postgres.js driver fault contained');
    if (closed) return;
    // Not rate-limited: the stranded statement may be on a pool renewed a moment ago.
    renew('driver fault');
    const probe = probePool;
    probePool = openPool(1, 'probe');
    retire(probe);
  });
  return {
    db,
    get sql() {
      return current;
    },
    async probe(timeoutMs) {
      const pool = probePool;
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = pool`SELECT 1`.execute();
        // A probe that timed out is destroyed with its pool below, rejecting it later: handled here.
        answer.catch(() => undefined);
        await Promise.race([
          answer,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new ProbeTimeoutError(timeoutMs)), timeoutMs);
          }),
        ]);
      } catch (err) {
        // The probe's connection may be the one postgres.js broke; the next probe gets a new one.
        if (!closed && pool === probePool) {
          probePool = openPool(1, 'probe');
          retire(pool);
        }
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
    renewPool,
    async connectionStates() {
      const rows = await probePool<Array<{ state: string | null; count: string }>>`
        SELECT state, count(*) AS count FROM pg_stat_activity WHERE application_name = ${names.get(current) ?? ''} GROUP BY state`.execute();
      return rows.map((r) => ({ state: r.state ?? 'unknown', count: Number(r.count) }));
    },
    async close(timeoutS = 5) {
      closed = true;
      stopGuard();
      await Promise.all([...retiring]);
      await Promise.all([current.end({ timeout: timeoutS }), probePool.end({ timeout: 0 })]);
    },
  };
}

/** Thrown by {@link Database.probe} when Postgres did not answer `SELECT 1` in time. */
export class ProbeTimeoutError extends OrdermeshError {
  constructor(readonly timeoutMs: number) {
    super(`no answer to SELECT 1 within ${timeoutMs} ms`);
  }
}

/** True when the error means Postgres could not be reached (see pg-errors.ts). */
export function isUnavailable(err: unknown): boolean {
  return classifyDatabaseError(err) === 'unreachable';
}

/** True for a serialization failure or deadlock: the transaction may simply be run again. */
export function isRetryable(err: unknown): boolean {
  return classifyDatabaseError(err) === 'conflict';
}

/** True for a unique-constraint violation, optionally on a named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (errorCode(err) !== '23505') return false;
  if (!constraint) return true;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { constraint_name?: unknown }).constraint_name === constraint) return true;
  }
  return false;
}

/**
 * Runs `fn` in a transaction; reruns it (up to `attempts` times) after a serialization failure
 * or deadlock; turns database failures into domain errors by class (pg-errors.ts: unreachable →
 * UNAVAILABLE, out of room → RESOURCE_EXHAUSTED, a retry that kept losing → ABORTED).
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      if (isRetryable(err) && attempt < attempts) continue;
      throw toDatabaseDomainError(err);
    }
  }
}

/** Maps a database failure of a single query to a domain error by class (pg-errors.ts); rethrows anything else. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toDatabaseDomainError(err);
  }
}
