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
  readonly db: Db;
  readonly sql: postgres.Sql;
  /** Closes the pool, waiting up to `timeoutS` for running queries. */
  close(timeoutS?: number): Promise<void>;
}

/** Opens a postgres.js pool and a drizzle handle over it. Connections open lazily. */
export function openDatabase(options: DatabaseOptions): Database {
  const sql = postgres(options.url, {
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
  const db = drizzle(sql, { schema });
  return { db, sql, close: (timeoutS = 5) => sql.end({ timeout: timeoutS }) };
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
