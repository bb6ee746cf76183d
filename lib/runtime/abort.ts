/** Resolves when `signal` aborts (at once if it already has). Never rejects. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * Waits `ms` milliseconds, or less when `signal` aborts first: the tree's one delay helper.
 * Resolves either way (callers check `signal.aborted`), so loops that sleep between attempts
 * stop promptly on shutdown.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A signal that aborts when any of `signals` does (AbortSignal.any exists from Node 20.3). */
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

/**
 * Waits for `promise`, but rejects with `signal.reason` as soon as `signal` aborts. The work
 * behind `promise` is not cancelled (give it a deadline); its late rejection is swallowed. For
 * I/O with no native cancellation: etcd3 takes gRPC deadlines but no AbortSignal, so callers
 * stop *waiting* on abort while the deadline bounds the call itself.
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
