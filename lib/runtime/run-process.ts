import type { Logger } from '../logging/index.js';
import { StartupError } from './startup-error.js';

/** A long-running part: starts, runs until `signal` aborts, stops, then resolves. */
export type StartFn = (signal: AbortSignal) => Promise<void>;

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  log: Logger;
  /** Called after the main part has stopped (or failed), e.g. to flush telemetry. */
  finally?: () => Promise<void>;
}

/**
 * Runs a process's main part with the house lifecycle: SIGTERM or SIGINT aborts the signal
 * given to `start` (graceful shutdown in the order the part defines); a second signal exits 1
 * at once; the process exits 0 once `start` resolves, 1 when it throws. A {@link StartupError}
 * is written to stderr as its one line (the stack goes to the debug log only).
 */
export async function runProcess(start: StartFn, options: RunProcessOptions): Promise<never> {
  const { log } = options;
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal: name }, 'second signal, exiting now');
      process.exit(1);
    }
    log.info({ signal: name }, 'shutting down');
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let code = 0;
  try {
    await start(controller.signal);
  } catch (err) {
    code = 1;
    if (err instanceof StartupError) {
      log.debug({ err }, 'could not start');
      // Prefixed like the `ordermesh` command's own errors: the service is the command's name.
      const service = (log.bindings?.() as { service?: unknown } | undefined)?.service;
      process.stderr.write(`${typeof service === 'string' ? `ordermesh ${service}: ` : ''}${err.message}\n`);
    } else {
      log.error({ err }, 'stopped on error');
    }
  }
  try {
    await options.finally?.();
  } catch (err) {
    log.warn({ err }, 'shutdown hook failed');
  }
  log.flush?.();
  process.exit(code);
}
