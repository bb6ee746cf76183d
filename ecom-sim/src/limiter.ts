/** Gives back a permit taken from a {@link Limiter}; calling it again does nothing. */
export type Release = () => void;

/**
 * At most `permits` holders at once; waiters are served first come, first served, so a payment
 * or a poll queued behind new orders gets its turn.
 */
export class Limiter {
  private free: number;
  private readonly waiters: Array<(release: Release) => void> = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`Limiter: permits must be a whole number of at least 1, not ${permits}`);
    this.free = permits;
  }

  /**
   * Waits for a permit. Resolves with its release function, or with undefined when `signal`
   * aborts first (then no permit is held).
   */
  acquire(signal?: AbortSignal): Promise<Release | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const waiter = (release: Release): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `fn` holding a permit. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = (await this.acquire()) as Release;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The permit passes straight to the next waiter; free only grows when nobody waits.
      if (next) next(this.releaser());
      else this.free += 1;
    };
  }
}
