/**
 * Cleanup for a benchmark's orchestrator: everything started registers how to stop it; stopping
 * runs once, newest first, on the normal path, on an error and on Ctrl-C / SIGTERM / SIGHUP (the
 * first signal stops everything and exits 130; a second one exits at once).
 */
export class Cleanup {
  private readonly stoppers: Array<{ what: string; stop: () => Promise<void> }> = [];
  private stopping: Promise<void> | undefined;
  /** True once a signal asked the run to stop. */
  interrupted = false;

  /** `say` reports problems and signals (the benchmarks' progress lines, on stderr). */
  constructor(private readonly say: (line: string) => void) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (this.interrupted) {
          this.say(`${signal} again: exiting now`);
          process.exit(130);
        }
        this.interrupted = true;
        process.exitCode = 130;
        this.say(`${signal}: stopping every child process and Postgres`);
        void this.stopAll().finally(() => process.exit(130));
      });
    }
  }

  /** Registers how to stop something just started. */
  add(what: string, stop: () => Promise<void>): void {
    this.stoppers.push({ what, stop });
  }

  /** Stops everything registered, newest first, once; later calls wait for the first. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { what, stop } of this.stoppers.reverse()) {
        try {
          await stop();
        } catch (err) {
          this.say(`could not stop ${what}: ${(err as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }
}
