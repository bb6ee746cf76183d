import type { Logger } from '#lib/logging/index.js';
import type { DevChild } from './child-process.js';

/** A child process `ordermesh dev` restarts whenever it exits without being told to stop. */
export interface SupervisedChild {
  readonly name: string;
  /** The process running now (a new one after each restart). */
  readonly current: DevChild;
  /** How many times it was restarted. */
  readonly restarts: number;
  /** Stops it (see {@link DevChild.stop}) and restarts it no more. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link superviseChild}. */
export interface SuperviseOptions {
  log: Logger;
  /** Pause before the first restart, doubling per crash up to `maxDelayMs`; default 500 ms. */
  initialDelayMs?: number;
  /** Default 10 000 ms. */
  maxDelayMs?: number;
  /** A child that ran this long before it crashed restarts after `initialDelayMs` again; default 60 000 ms. */
  stableAfterMs?: number;
}

/**
 * Starts a child with `start` and starts it again each time it exits on its own (a crash, an
 * uncaught exception, a kill -9 by hand), with a doubling pause so that a child that cannot
 * start does not spin. A warehouse node is stateless beside Postgres and etcd, so a restarted
 * one registers again and resumes its orders' timers and outbox from the database.
 */
export function superviseChild(name: string, start: () => DevChild, options: SuperviseOptions): SupervisedChild {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  let stopped = false;
  let restarts = 0;
  let delayMs = initialDelayMs;
  let timer: NodeJS.Timeout | undefined;
  let current: DevChild;
  const run = (): void => {
    const startedAt = Date.now();
    const child = start();
    current = child;
    void child.exited.then((code) => {
      if (stopped || current !== child) return;
      if (Date.now() - startedAt >= stableAfterMs) delayMs = initialDelayMs;
      options.log.warn({ child: name, exit: code, restartInMs: delayMs }, 'child process exited; restarting it');
      timer = setTimeout(() => {
        timer = undefined;
        if (stopped) return;
        restarts += 1;
        run();
      }, delayMs);
      delayMs = Math.min(maxDelayMs, delayMs * 2);
    });
  };
  run();
  return {
    name,
    get current() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    stop: async (graceMs) => {
      stopped = true;
      clearTimeout(timer);
      await current.stop(graceMs);
    },
  };
}
