import { ServerDidNotStartError } from '../runtime/index.js';

/**
 * Thrown by {@link startEmbeddedPostgres} (and the pieces it is made of) when the embedded
 * Postgres cannot start. The message is one line: `embedded Postgres did not start: <reason>;
 * <fix>`, printed as is by `ordermesh` and `npm test` instead of a stack trace.
 */
export class PostgresStartError extends ServerDidNotStartError {
  constructor(reason: string, fix: string, options?: { cause?: unknown }) {
    super('embedded Postgres', reason, fix, options);
  }
}
