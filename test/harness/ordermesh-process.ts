import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onProcessExit } from '#lib/testing/index.js';
import { repoRoot } from '#lib/runtime/index.js';

/** An `ordermesh <command>` child process, as a user would run it. */
export interface OrdermeshProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Whether it is still running (a paused process is running). */
  readonly running: boolean;
  /** The last lines it printed (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends a signal without waiting (SIGKILL: a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<number | string>;
}

const MAX_OUTPUT_CHARS = 20_000;

/**
 * Spawns `node bin/ordermesh.js <args>` (the compiled CLI, as `npm start` runs it) with `env`
 * added to this process's environment. The process is killed if the test process exits first.
 */
export function spawnOrdermesh(name: string, args: string[], env: Record<string, string>): OrdermeshProcess {
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'bin/ordermesh.js'), ...args], {
    env: { ...process.env, ORDERMESH_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const collect = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const unregister = onProcessExit(() => child.kill('SIGKILL'));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      unregister();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    output: () => tail,
    kill: (signal = 'SIGKILL') => {
      child.kill(signal);
    },
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
