import { OrdermeshError } from '../errors/index.js';

/**
 * A reason a process cannot start that its message explains completely: what is wrong and what
 * to do about it, in one line. {@link runProcess} and the `ordermesh` command print such an
 * error as that one line instead of logging a stack trace, which would only bury the fix.
 */
export class StartupError extends OrdermeshError {
  constructor(message: string, options?: { cause?: unknown }) {
    // One line, whatever the pieces it was made of contained.
    super(message.replace(/\s*\n\s*/g, ' ').trim(), options);
  }
}

/**
 * A {@link StartupError} of a server a process starts itself (embedded Postgres, the Patroni
 * pair): `<what> did not start: <reason>; <fix>`, with the reason and the fix kept as fields.
 */
export class ServerDidNotStartError extends StartupError {
  constructor(
    what: string,
    /** What went wrong, e.g. `port 54329 is taken`. */
    readonly reason: string,
    /** What to do about it. */
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${what} did not start: ${reason}; ${fix}`, options);
  }
}
