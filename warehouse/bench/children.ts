import { fork, type ChildProcess } from 'node:child_process';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '#lib/runtime/index.js';
import type { ChildMessage, ParentMessage } from './protocol.js';

const here = fileURLToPath(import.meta.url);
/** '.ts' under tsx, '.js' when compiled to dist/. */
const EXT = extname(here);

/** The path of a sibling module of the benchmark, with the extension of the running code. */
export function siblingPath(name: string): string {
  return join(dirname(here), `${name}${EXT}`);
}

/** The package.json "imports" condition that maps #lib/... and its siblings to the .ts sources. */
export const SOURCE_CONDITION = '--conditions=ordermesh-source';

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The Node flags a child needs to run the sibling modules: under tsx, tsx's loader (taken from
 * our own execArgv when present, else `--import tsx`) and the source condition; from dist/, none. Nothing else is inherited
 * (a --cpu-prof of the orchestrator must not profile every child).
 */
export function childExecArgv(extra: readonly string[] = []): string[] {
  const kept: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (LOADER_FLAGS.has(flag) && value?.includes('tsx')) {
      kept.push(flag, value);
      i++;
    } else if (/^--(import|require|loader|experimental-loader)=.*tsx/.test(flag)) {
      kept.push(flag);
    }
  }
  if (EXT === '.ts' && kept.length === 0) kept.push('--import', 'tsx');
  // Under tsx the subpath imports (#lib/...) must resolve to the sources too, not to dist/.
  if (EXT === '.ts') kept.push(SOURCE_CONDITION);
  return [...kept, ...extra];
}

/** A child process of the benchmark, talking over IPC. */
export class BenchChild {
  private readonly exited: Promise<void>;
  private exitInfo: string | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = signal ? `signal ${signal}` : `code ${code}`;
        resolve();
      });
    });
  }

  /**
   * Forks sibling module `module` (e.g. 'echo-server'). Its stdout and stderr go to our stderr,
   * so our stdout stays clean for the table or --json.
   */
  static start(name: string, module: string, options: { env?: NodeJS.ProcessEnv; execArgv?: readonly string[] } = {}): BenchChild {
    const child = fork(siblingPath(module), [], {
      execPath: process.execPath,
      execArgv: childExecArgv(options.execArgv),
      cwd: repoRoot(),
      env: options.env ?? process.env,
      stdio: ['ignore', 2, 2, 'ipc'],
      serialization: 'json',
    });
    return new BenchChild(name, child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  /** Calls `onMessage` for every message; returns the function that stops listening. */
  onMessage(onMessage: (message: ChildMessage) => void): () => void {
    const listener = (m: unknown): void => onMessage(m as ChildMessage);
    this.child.on('message', listener);
    return () => this.child.off('message', listener);
  }

  /**
   * Resolves with the first message of `type`. Rejects when the child reports 'failed', exits
   * first, or `timeoutMs` passes.
   */
  waitFor<T extends ChildMessage['type']>(type: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: no '${type}' within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      const stop = this.onMessage((m) => {
        if (m.type === type) finish(undefined, m as Extract<ChildMessage, { type: T }>);
        else if (m.type === 'failed') finish(new Error(`${this.name}: ${m.message}`));
      });
      void this.exited.then(() => finish(new Error(`${this.name} exited (${this.exitInfo}) before '${type}'`)));
      let done = false;
      function finish(err: Error | undefined, message?: Extract<ChildMessage, { type: T }>): void {
        if (done) return;
        done = true;
        clearTimeout(timer);
        stop();
        if (err) reject(err);
        else resolve(message!);
      }
    });
  }

  /** Settles as `until` does, but rejects as soon as the child exits first. */
  exitsBefore<T>(until: Promise<T>): Promise<T> {
    return Promise.race([
      until,
      this.exited.then(() => {
        throw new Error(`${this.name} exited unexpectedly (${this.exitInfo})`);
      }),
    ]);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    await this.exited;
  }

  /** Waits for the child to exit on its own (up to `timeoutMs`, then stops it). */
  async join(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.stop();
  }
}

/**
 * In a child: sends a message to the orchestrator; resolves once it is sent (at once when there
 * is no IPC channel any more).
 */
export function toParent(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * In a child: runs `stop` once on SIGTERM, SIGINT, or when the orchestrator goes away (the IPC
 * channel closes), so no child outlives the benchmark.
 */
export function onStopRequest(stop: () => void): void {
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    stop();
  };
  process.once('SIGTERM', once);
  process.once('SIGINT', once);
  process.once('disconnect', once);
}
