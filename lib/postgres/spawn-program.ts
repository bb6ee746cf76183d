import { spawn, type ChildProcess } from 'node:child_process';
import type { PostgresUser } from './postgres-user.js';

/** How a Postgres program ended. */
export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when it could not be started at all (spawn's 'error', e.g. EACCES). */
  error?: Error;
}

/** A running initdb or postgres. */
export interface Program {
  readonly child: ChildProcess;
  /** The last few kilobytes it printed (stdout and stderr). */
  output(): string;
  /** Resolves once it has ended, however; never rejects. */
  readonly exited: Promise<ProgramExit>;
}

const OUTPUT_LIMIT = 16 * 1024;

/**
 * Starts initdb or postgres as `user` (this process's user when undefined), in `cwd`. Listens
 * to 'error': without a listener a failed spawn (EACCES) is an uncaught exception that kills the
 * process with a stack trace. Messages are forced to English (LC_ALL=C) because readiness is
 * read from them; the cluster's own locale is given to initdb by flag.
 */
export function spawnProgram(binary: string, args: readonly string[], options: { user: PostgresUser | undefined; cwd: string; onOutput?: (text: string) => void }): Program {
  const { user } = options;
  const child = spawn(binary, args, {
    cwd: options.cwd,
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  let output = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-OUTPUT_LIMIT);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<ProgramExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    // 'close', not 'exit': by then every line it printed has been read.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => output, exited };
}
