/**
 * A reason a process cannot start that its message explains completely: what is wrong and what
 * to do about it, in one line. {@link runProcess} and the `ordermesh` command print such an
 * error as that one line instead of logging a stack trace, which would only bury the fix.
 */
export class StartupError extends Error {
  override readonly name: string = 'StartupError';

  constructor(message: string, options?: { cause?: unknown }) {
    // One line, whatever the pieces it was made of contained.
    super(message.replace(/\s*\n\s*/g, ' ').trim(), options);
  }
}
