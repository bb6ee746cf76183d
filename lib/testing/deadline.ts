import { DeadlineExceededError } from './errors.js';

/**
 * Runs `fn` with a hard time bound. `fn` receives a signal that is aborted when the deadline
 * passes *or* when `fn` settles, so anything started under it (a registration loop, a watcher)
 * stops with the scope instead of leaking into the next test.
 * Thrown by: DeadlineExceededError when `fn` has not settled within `timeoutMs` (fn's own
 * rejection is passed through unchanged).
 */
export async function withDeadline<T>(timeoutMs: number, fn: (signal: AbortSignal) => Promise<T>, what = 'operation'): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    // Ref'd on purpose: if fn waits on something that holds no handle, the deadline still fires
    // and names the culprit instead of the process exiting with a pending promise.
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(what, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const work = fn(controller.signal);
  // After a timeout nobody awaits `work`; keep its late rejection from becoming unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort(new Error(`${what}: deadline scope ended`));
  }
}
