import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { AbortedError, UnavailableError } from '../../../lib/errors/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import * as schema from './schema.js';

/** The typed drizzle handle over the warehouse schema. */
export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle (same API as {@link Db}). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  url: string;
  /** Connections in the pool. */
  poolSize: number;
  log: Logger;
  /** Seconds to wait for a connection before failing (fail fast when Postgres is down). */
  connectTimeoutS?: number;
  /** Milliseconds a statement may run before Postgres cancels it. */
  statementTimeoutMs?: number;
}

/** An open connection pool. */
export interface Database {
  /** The drizzle handle. Stable: it always runs on the current pool, also after {@link renewPool}. */
  readonly db: Db;
  /** The current postgres.js pool; it changes on {@link renewPool}, so read it per use. */
  readonly sql: postgres.Sql;
  /**
   * Swaps in a fresh pool; the old one finishes its running queries for up to 10 s (queries
   * still hanging then fail with CONNECTION_DESTROYED, i.e. UNAVAILABLE) and closes.
   * Needed because postgres.js 3.4.9 can leave a connection broken for good when its backend
   * dies mid-statement (a Postgres restart or crash): that connection replays the old error on
   * its next query, or never sends again, so queries on it hang (porsager/postgres#1208, #1223).
   * Only a new pool is rid of such connections. Does nothing after close().
   */
  renewPool(reason: string): void;
  /**
   * Closes the pool, waiting up to `timeoutS` for running queries, and waits for pools still
   * retiring after {@link renewPool} (at most their grace of 10 s).
   */
  close(timeoutS?: number): Promise<void>;
}

/** Seconds a renewed-away pool's running queries get to finish (the default statement_timeout). */
const RETIRED_GRACE_S = 10;

/** Opens a postgres.js pool and a drizzle handle over it. Connections open lazily. */
export function openDatabase(options: DatabaseOptions): Database {
  const openPool = (): postgres.Sql => {
    const pool = postgres(options.url, {
      max: options.poolSize,
      connect_timeout: options.connectTimeoutS ?? 2,
      idle_timeout: 60,
      onnotice: () => {},
      connection: {
        statement_timeout: options.statementTimeoutMs ?? 10_000,
        // A transaction left open by a crashed handler must not hold row locks for long.
        idle_in_transaction_session_timeout: 30_000,
        application_name: 'ordermesh-warehouse',
      },
    });
    // drizzle() sets its type parsers on the pool's options; every pool needs them.
    drizzle(pool, { schema });
    return pool;
  };
  let current = openPool();
  let closed = false;
  const retiring = new Set<Promise<void>>();
  // The client drizzle holds: every property read goes to the pool in use at that moment, so
  // `db` (and every store holding it) moves to a renewed pool without being told.
  const client = new Proxy(current, {
    get(_target, property) {
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  const db = drizzle(client, { schema });
  return {
    db,
    get sql() {
      return current;
    },
    renewPool(reason) {
      if (closed) return;
      const retired = current;
      current = openPool();
      options.log.debug({ reason }, 'database pool renewed');
      const ending = retired.end({ timeout: RETIRED_GRACE_S }).catch(() => undefined);
      retiring.add(ending);
      void ending.finally(() => retiring.delete(ending));
    },
    async close(timeoutS = 5) {
      closed = true;
      await Promise.all([current.end({ timeout: timeoutS }), ...retiring]);
    },
  };
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
]);

/** Walks an error's cause chain (drizzle wraps driver errors) for a Postgres or socket code. */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** True when the error means Postgres could not be reached (connection class 08 or the codes above). */
export function isUnavailable(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith('08'));
}

/** True for a serialization failure or deadlock: the transaction may simply be run again. */
export function isRetryable(err: unknown): boolean {
  const code = errorCode(err);
  return code === '40001' || code === '40P01';
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
 * or deadlock; turns connection failures into UnavailableError (→ UNAVAILABLE) and a retry that
 * kept losing into AbortedError (→ ABORTED).
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      if (isUnavailable(err)) throw new UnavailableError('the database is unreachable; try again shortly', { cause: err });
      if (isRetryable(err)) {
        if (attempt < attempts) continue;
        throw new AbortedError('the database aborted the transaction after repeated conflicts; try again', { cause: err });
      }
      throw err;
    }
  }
}

/** Maps a connection failure of a single query to UnavailableError; rethrows anything else. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUnavailable(err)) throw new UnavailableError('the database is unreachable; try again shortly', { cause: err });
    throw err;
  }
}
