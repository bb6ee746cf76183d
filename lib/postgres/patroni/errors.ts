import { StartupError } from '#lib/runtime/index.js';

/**
 * Thrown when the Patroni-managed Postgres pair (`--postgres ha`) cannot start. The message is
 * one line, `Postgres HA pair did not start: <reason>; <fix>`, printed as is by `ordermesh`.
 */
export class PatroniStartError extends StartupError {
  override readonly name = 'PatroniStartError';

  constructor(
    /** What went wrong, e.g. `patroni is not installed`. */
    readonly reason: string,
    /** What to do about it. */
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`Postgres HA pair did not start: ${reason}; ${fix}`, options);
  }
}
