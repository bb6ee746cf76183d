import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Keeps test servers from outliving the test process. Servers are spawned unref'd (a test that
 * forgets stop() must not hang the run), so this module kills whatever is still registered when
 * the process exits, and on SIGINT/SIGTERM/SIGHUP. Exit handlers must be synchronous, hence the
 * SIGKILL and rmSync here; the graceful path is each server's stop().
 */

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
let installed = false;

function runCleanups(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // The process is exiting; one failed cleanup must not stop the others.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `once`, then re-raise when nobody else listens: we clean up without swallowing the
    // signal's default behaviour (terminating the process).
    process.once(signal, () => {
      runCleanups();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/**
 * Registers a synchronous cleanup to run if the process exits before it is unregistered.
 * Returns the function that unregisters it (call it once the graceful stop has done the work).
 */
export function onProcessExit(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/**
 * Whether a process with this pid exists and is not a zombie. `kill(pid, 0)` alone reports
 * zombies as alive, and orphaned server children re-parented to a container's PID 1 may never
 * be reaped, so on Linux the state letter in /proc/<pid>/stat is checked too.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const state = procState(pid);
  return state !== 'Z' && state !== 'X';
}

/** The state letter of /proc/<pid>/stat, or undefined when /proc is unavailable or the process is gone. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/**
 * The pids of the live direct children of `pid`, read from /proc (empty where /proc does not
 * exist). Used to prove a server left no worker processes behind.
 */
export function childPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state, fields[1] the parent pid.
      if (Number(fields[1]) === pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** Resolves once `child` has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Stops `child`: SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves once it
 * has exited. The escalation timer is ref'd on purpose: it keeps the event loop alive while we
 * wait for an unref'd child.
 */
export async function terminateChild(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = exitOf(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const escalated = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, escalated]);
  clearTimeout(timer);
  await exited;
}

/** Polls until `pid` is gone, or `timeoutMs` passes; returns whether it is gone. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Keeps the last `limit` characters of a server's output for error messages. */
export class OutputTail {
  private text = '';

  constructor(private readonly limit = 16_384) {}

  /** Appends a chunk, dropping the oldest characters beyond the limit. */
  append(chunk: string | Buffer): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit) this.text = this.text.slice(this.text.length - this.limit);
  }

  /** The kept output. */
  toString(): string {
    return this.text;
  }
}
