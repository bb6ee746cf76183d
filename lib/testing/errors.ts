/**
 * Errors of the test harness. Each is small, names what went wrong, and carries what a person
 * needs to fix it (the paths searched, the server's own output) instead of a bare timeout.
 */

import { inspect } from 'node:util';
import { OrdermeshError } from '../errors/index.js';

/** Thrown by {@link startEtcd} when no etcd binary can be found. */
export class EtcdBinaryNotFoundError extends OrdermeshError {
  /** @param searched every path that was tried, in order. */
  constructor(readonly searched: readonly string[]) {
    super(
      `etcd binary not found (tried ${searched.join(', ') || 'nothing'}); ` +
        'install it with `apt-get install etcd-server` or point ORDERMESH_ETCD_BIN at an etcd 3.4+ binary',
    );
  }
}

/** Which kind of server a {@link ServerStartError} is about. */
export type TestServerKind = 'etcd' | 'postgres';

/**
 * Thrown by {@link startEtcd}, {@link startPostgres} and their `restart()` when the server exits
 * early or does not answer within its start timeout. The message ends with the tail of the
 * server's own output, which is where the real reason (port taken, bad flag) is.
 */
export class ServerStartError extends OrdermeshError {
  constructor(
    readonly server: TestServerKind,
    reason: string,
    /** The last lines the server printed. */
    readonly output: string,
    options?: { cause?: unknown },
  ) {
    super(`${server} did not start: ${reason}${output ? `\n--- ${server} output (tail) ---\n${output.trimEnd()}` : ''}`, options);
  }
}

/** Thrown by {@link withDeadline} when the work did not settle within its time bound. */
export class DeadlineExceededError extends OrdermeshError {
  constructor(
    /** What was being done, for the message. */
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not finish within ${timeoutMs} ms`);
  }
}

/**
 * Thrown by {@link waitFor} when the predicate did not hold within `timeoutMs`. `cause` is the
 * last error the predicate threw, if any, so an assertion inside the predicate explains itself.
 */
export class WaitForTimeoutError extends OrdermeshError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause;
    const detail = cause instanceof Error ? `; last error: ${cause.message}` : cause !== undefined ? `; last error: ${inspect(cause)}` : '';
    super(`timed out after ${timeoutMs} ms (${attempts} attempts) waiting for ${what}${detail}`, options);
  }
}
