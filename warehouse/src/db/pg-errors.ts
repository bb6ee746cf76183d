import { AbortedError, DomainError, ResourceExhaustedError, UnavailableError } from '#lib/errors/index.js';

/**
 * What a failure of Postgres (or of the connection to it) means to a caller, by SQLSTATE class
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html) or by the driver's socket
 * code. Every one of these is retryable; none is the caller's fault, none is a bug.
 */
export type DatabaseFailure =
  /** No answer: refused, reset, closed, timed out, shut down, crashed, starting up. */
  | 'unreachable'
  /** Up but out of room: too many connections, out of memory, disk full. */
  | 'exhausted'
  /** A statement ran into statement_timeout (the database is overloaded or a lock is held). */
  | 'too-slow'
  /** A serialization failure or deadlock: run the transaction again. */
  | 'conflict';

/** Socket and driver codes of postgres.js that mean the connection is gone or never came. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** Walks an error's cause chain (drizzle wraps driver errors) for a Postgres or socket code. */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Classifies a SQLSTATE or driver code; undefined for the rest (constraint violations, bugs). */
export function classifyCode(code: string | undefined): DatabaseFailure | undefined {
  if (code === undefined) return undefined;
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  // 08: connection exception. 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
  // cannot_connect_now (starting up or in recovery), 57P05 idle_session_timeout.
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '57P05') return 'unreachable';
  // 53: insufficient resources (53300 too_many_connections, 53200 out_of_memory, 53100 disk_full).
  if (code.startsWith('53')) return 'exhausted';
  // 57014 query_canceled: statement_timeout (the node sets one; no one else cancels its queries).
  if (code === '57014') return 'too-slow';
  if (code === '40001' || code === '40P01') return 'conflict';
  return undefined;
}

/** Classifies an error (its cause chain) of the driver; undefined when it is not one of these. */
export function classifyDatabaseError(err: unknown): DatabaseFailure | undefined {
  return classifyCode(errorCode(err));
}

/**
 * The domain error a driver failure becomes; `err` itself when it is a domain error already or
 * not a database failure (the status table then answers INTERNAL and logs it).
 * - unreachable, too slow: UnavailableError (UNAVAILABLE), marked as the shared database's;
 * - exhausted: ResourceExhaustedError (RESOURCE_EXHAUSTED), marked the same way;
 * - conflict: AbortedError (ABORTED), after inTransaction's own reruns.
 */
export function toDatabaseDomainError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const failure = classifyDatabaseError(err);
  switch (failure) {
    case 'unreachable':
      return new UnavailableError('the database is unreachable; try again shortly', { cause: err, dependency: 'database' });
    case 'too-slow':
      return new UnavailableError('the database did not answer in time (statement timeout); try again shortly', { cause: err, dependency: 'database' });
    case 'exhausted':
      return new ResourceExhaustedError('the database has no room for this call now (too many connections or out of resources); try again shortly', {
        cause: err,
        dependency: 'database',
      });
    case 'conflict':
      return new AbortedError('the database aborted the transaction after repeated conflicts; try again', { cause: err });
    default:
      return err;
  }
}
