import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** A child process `ordermesh dev` started and must stop. */
export interface DevChild {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code or signal once it has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<ChildProcess>();
let guardInstalled = false;

/** Kills every child still running when this process exits, however it exits. */
function installGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}

/**
 * Starts `command args` with `env` added, its stdout and stderr appended to `logFile` (the
 * dev console keeps a clean status line; each process's JSON logs are in .data/logs).
 */
export function startChild(name: string, command: string, args: string[], env: Record<string, string>, logFile: string): DevChild {
  installGuard();
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  // etcd reads ETCD_* variables as flags; no child needs the caller's.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ETCD_')));
  const child = spawn(command, args, { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  children.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      log.end();
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
