import { StartupError } from '../runtime/index.js';

/**
 * Thrown by {@link startEmbeddedPostgres} (and the pieces it is made of) when the embedded
 * Postgres cannot start. The message is one line: `embedded Postgres did not start: <reason>;
 * <fix>`, printed as is by `ordermesh` and `npm test` instead of a stack trace.
 */
export class PostgresStartError extends StartupError {
  override readonly name = 'PostgresStartError';

  constructor(
    /** What went wrong, e.g. `port 54329 is taken`. */
    readonly reason: string,
    /** What to do about it. */
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`embedded Postgres did not start: ${reason}; ${fix}`, options);
  }
}
