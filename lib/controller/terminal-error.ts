import { OrdermeshError } from '../errors/index.js';

/**
 * A reconcile failure that retrying cannot fix (controller-runtime's TerminalError): a bad
 * spec, a value that will never validate. Throw it (or an error whose `cause` chain holds one)
 * from {@link Reconciler.reconcile}; the {@link Controller} logs it and forgets the key instead
 * of requeueing it with backoff. The key runs again when something enqueues it anew (a watch
 * event), which is how a fixed input gets picked up.
 */
export class TerminalError extends OrdermeshError {}

/**
 * Whether `error` is a {@link TerminalError} or wraps one in its `cause` chain (like Go's
 * `errors.Is`), so a reconciler may add context around a terminal failure without making it
 * retryable. Cycles in the chain are tolerated.
 */
export function isTerminalError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof TerminalError) return true;
    seen.add(current);
    current = current.cause;
  }
  return false;
}
