/**
 * Small helpers for I/O that has no native cancellation: etcd3 takes gRPC deadlines but no
 * AbortSignal, so callers stop *waiting* on abort while the deadline bounds the call itself.
 */

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects; check `signal.aborted`). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits for `promise`, but rejects with `signal.reason` as soon as `signal` aborts. The work
 * behind `promise` is not cancelled (give it a deadline); its late rejection is swallowed.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** gRPC call options with a deadline `timeoutMs` from now. */
export function deadlineIn(timeoutMs: number): { deadline: number } {
  return { deadline: Date.now() + timeoutMs };
}
