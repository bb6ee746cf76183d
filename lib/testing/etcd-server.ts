import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { readTestingEnv } from './env.js';
import { EtcdBinaryNotFoundError, ServerStartError } from './errors.js';
import { freePorts } from './free-port.js';
import { exitOf, onProcessExit, OutputTail, terminateChild } from './process-guard.js';

/** Options of {@link startEtcd}. */
export interface EtcdServerOptions {
  /** The etcd binary; default ORDERMESH_ETCD_BIN, else `etcd` on PATH, else /usr/bin/etcd. */
  binary?: string;
  /** Folder in which the temporary data dir is made; default the OS temp dir. */
  dataDirParent?: string;
  /** How long one start (or restart) may take before it fails; default 20 000 ms. */
  startTimeoutMs?: number;
  /** How long stop()/halt() wait after SIGTERM before SIGKILL; default 5 000 ms. */
  stopGraceMs?: number;
  /** etcd's --log-level; default 'warn' (the output is kept for error messages, not printed). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Extra command-line flags, appended last. */
  extraArgs?: readonly string[];
  /**
   * Serve clients over TLS only, to clients with a certificate of `caFile` (--client-cert-auth):
   * the endpoint is then `https://localhost:<port>` (the certificate must name localhost), and
   * readiness is read from a plain-HTTP metrics listener on a port of its own.
   */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

/**
 * A real single-member etcd on 127.0.0.1 with its own data dir and free ports, for one test.
 * Tests that only need *an* etcd should use {@link testEtcd}; this is for tests that stop, kill
 * or restart it.
 */
export interface EtcdServer {
  /** Client URLs, e.g. `['http://127.0.0.1:41234']`; stable across restarts. */
  readonly endpoints: string[];
  /** The data dir; kept across halt()/kill()/restart(), removed by stop(). */
  readonly dataDir: string;
  /** The pid of the current (or, when not running, the last) etcd process. */
  readonly pid: number;
  /** Whether the etcd process is running. */
  readonly running: boolean;
  /** The tail of etcd's output, for diagnosing a failing test. */
  output(): string;
  /** Stops etcd (SIGTERM, then SIGKILL) and removes its data dir; no process is left. Idempotent. */
  stop(): Promise<void>;
  /** Stops the etcd process but keeps ports and data dir, so restart() brings the same member back. */
  halt(): Promise<void>;
  /** Sends `signal` (default SIGKILL: a crash) to etcd without waiting; restart() waits for the exit. */
  kill(signal?: NodeJS.Signals): void;
  /**
   * Starts etcd again on the same ports and data dir (stopping it first if it runs) and resolves
   * once it answers. Thrown by: ServerStartError when it does not come back in time.
   */
  restart(): Promise<void>;
}

/**
 * Finds the etcd binary: `explicit`, else ORDERMESH_ETCD_BIN, else `etcd` on PATH, else
 * /usr/bin/etcd. Thrown by: EtcdBinaryNotFoundError when none of them is an executable file
 * (an explicit or configured path that is missing is an error, never silently replaced).
 */
export function resolveEtcdBinary(explicit?: string): string {
  const env = readTestingEnv();
  const configured = explicit ?? env.etcdBin;
  const candidates = configured
    ? [configured]
    : [...env.path.split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, 'etcd')), '/usr/bin/etcd'];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new EtcdBinaryNotFoundError(candidates);
}

/**
 * Starts a real etcd on free 127.0.0.1 ports with a temporary data dir and resolves once it
 * answers /health. Ports taken by someone else between choosing and binding are retried with
 * new ports.
 * Thrown by: EtcdBinaryNotFoundError when etcd is not installed; ServerStartError when it exits
 * early or does not become healthy within `startTimeoutMs`.
 */
export async function startEtcd(options: EtcdServerOptions = {}): Promise<EtcdServer> {
  const binary = resolveEtcdBinary(options.binary);
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    const server = new EtcdProcess(binary, options, await freePorts(options.tls ? 3 : 2), await mkdtemp(join(options.dataDirParent ?? tmpdir(), 'ordermesh-etcd-')));
    try {
      await server.restart();
      return server;
    } catch (error) {
      await server.stop();
      const portTaken = error instanceof ServerStartError && /address already in use/i.test(error.output);
      if (!portTaken || attempt >= attempts) throw error;
    }
  }
}

/** Environment for etcd without the caller's ETCD_* variables, which etcd would read as flags. */
function etcdEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ETCD_')));
}

class EtcdProcess implements EtcdServer {
  readonly endpoints: string[];
  private readonly clientUrl: string;
  private readonly healthUrl: string;
  private readonly args: string[];
  private readonly tail = new OutputTail();
  private child: ChildProcess | undefined;
  private readonly unguard: () => void;
  private lastPid = -1;
  private stopped = false;

  constructor(
    private readonly binary: string,
    private readonly options: EtcdServerOptions,
    ports: number[],
    readonly dataDir: string,
  ) {
    const [clientPort, peerPort, metricsPort] = ports;
    const tls = options.tls;
    this.clientUrl = tls ? `https://localhost:${clientPort}` : `http://127.0.0.1:${clientPort}`;
    // Where /health is polled: the client URL, or (TLS) a plain metrics listener.
    this.healthUrl = tls ? `http://127.0.0.1:${metricsPort}` : this.clientUrl;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const name = `ordermesh-test-${randomBytes(4).toString('hex')}`;
    this.endpoints = [this.clientUrl];
    const tlsArgs = tls
      ? [
          `--cert-file=${tls.certFile}`,
          `--key-file=${tls.keyFile}`,
          `--trusted-ca-file=${tls.caFile}`,
          '--client-cert-auth=true',
          `--listen-metrics-urls=${this.healthUrl}`,
        ]
      : [];
    this.args = [
      ...tlsArgs,
      `--name=${name}`,
      `--data-dir=${dataDir}`,
      // etcd binds IPs only; TLS clients reach it as localhost, the name its certificate carries.
      `--listen-client-urls=${this.clientUrl.replace('//localhost:', '//127.0.0.1:')}`,
      `--advertise-client-urls=${this.clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=${name}=${peerUrl}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${name}`,
      // Fast settings for a throwaway single member. etcd 3.4 has no --unsafe-no-fsync (3.5+).
      // A small snapshot count keeps the in-memory raft log short; a shorter election timeout
      // makes a restarted member lead (and answer) sooner.
      '--snapshot-count=5000',
      '--heartbeat-interval=50',
      '--election-timeout=300',
      '--logger=zap',
      `--log-level=${options.logLevel ?? 'warn'}`,
      ...(options.extraArgs ?? []),
    ];
    // If the test process exits without stop(): kill etcd, then remove its data (in that order).
    this.unguard = onProcessExit(() => {
      if (this.running) this.child?.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    });
  }

  get pid(): number {
    return this.child?.pid ?? this.lastPid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.tail.toString();
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.child?.kill(signal);
  }

  async halt(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await terminateChild(child, this.options.stopGraceMs ?? 5_000);
    this.forget(child);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.halt();
    await rm(this.dataDir, { recursive: true, force: true, maxRetries: 3 });
    this.unguard();
  }

  async restart(): Promise<void> {
    if (this.stopped) throw new Error('restart() after stop(): this etcd is gone; start a new one');
    if (this.child) {
      // After kill() the process may still be exiting; never run two members on one data dir.
      if (this.running) await this.halt();
      else await exitOf(this.child);
      if (this.child) this.forget(this.child);
    }
    this.tail.append(`--- starting etcd (${this.binary}) ---\n`);
    const child = spawn(this.binary, this.args, { stdio: ['ignore', 'pipe', 'pipe'], env: etcdEnv() });
    this.child = child;
    this.lastPid = child.pid ?? -1;
    // Unref'd so a test that forgets stop() does not hang the run; process-guard kills it at exit.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.tail.append(chunk));
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
    child.once('exit', (code, signal) => this.tail.append(`--- etcd exited (code ${code}, signal ${signal}) ---\n`));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    await this.waitHealthy(child, spawnError);
  }

  private forget(child: ChildProcess): void {
    if (this.child === child) this.child = undefined;
  }

  /** Polls /health until it reports true; fails fast when the process exits or cannot spawn. */
  private async waitHealthy(child: ChildProcess, spawnError: Promise<Error>): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    let failure: Error | undefined;
    void spawnError.then((error) => (failure = error));
    let lastError: unknown;
    for (;;) {
      if (failure) throw new ServerStartError('etcd', `cannot spawn ${this.binary}: ${failure.message}`, this.output(), { cause: failure });
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new ServerStartError('etcd', `exited during start (code ${child.exitCode}, signal ${child.signalCode})`, this.output());
      }
      if (Date.now() >= deadline) {
        child.kill('SIGKILL');
        await exitOf(child);
        throw new ServerStartError('etcd', `not healthy within ${timeoutMs} ms`, this.output(), { cause: lastError });
      }
      try {
        const response = await fetch(`${this.healthUrl}/health`, { signal: AbortSignal.timeout(1_000) });
        const body = (await response.json()) as { health?: unknown };
        if (response.ok && (body.health === 'true' || body.health === true)) return;
        lastError = new Error(`/health answered ${response.status} ${JSON.stringify(body)}`);
      } catch (error) {
        lastError = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
