import { ServerDidNotStartError } from '#lib/runtime/index.js';

/**
 * Thrown when the Patroni-managed Postgres pair (`--postgres ha`) cannot start. The message is
 * one line, `Postgres HA pair did not start: <reason>; <fix>`, printed as is by `ordermesh`.
 */
export class PatroniStartError extends ServerDidNotStartError {
  constructor(reason: string, fix: string, options?: { cause?: unknown }) {
    super('Postgres HA pair', reason, fix, options);
  }
}
