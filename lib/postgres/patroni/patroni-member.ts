import { chownSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostgresUser } from '../postgres-user.js';
import { spawnProgram, type Program } from '../spawn-program.js';
import type { PatroniMemberSpec } from './patroni-config.js';
import { releasePatroniKeys, type PatroniDcs } from './release-keys.js';

/** Options of {@link PatroniMember}. */
export interface PatroniMemberOptions {
  /** The `patroni` executable. */
  patroni: string;
  spec: PatroniMemberSpec;
  /** Patroni's configuration (patroniConfig), written to `<folder>/patroni.json` for it alone. */
  config: Record<string, unknown>;
  /** Who runs Patroni and thus Postgres; undefined: this process's user. */
  user: PostgresUser | undefined;
  /**
   * Start Patroni again this long after it exits on its own (a crash, kill -9), as systemd's
   * Restart=always would. Undefined: never.
   */
  restartDelayMs?: number;
  /** Patroni's keys in etcd: released for a Patroni that died (release-keys.ts). */
  dcs?: PatroniDcs;
  onOutput?: (text: string) => void;
}

/**
 * One Patroni process and the Postgres it runs. Patroni owns Postgres's life (initdb or
 * pg_basebackup, start, promote, demote, pg_rewind); this only starts and stops Patroni, and
 * exposes the pids a fault test needs.
 */
export class PatroniMember {
  readonly name: string;
  private program: Program | undefined;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private orphansStopped = 0;
  private recovering: Promise<void> | undefined;
  private restarts = 0;
  private tail = '';
  private guarded = false;
  private exited: Promise<unknown> = Promise.resolve();
  private readonly configFile: string;
  private readonly onExit = (): void => this.killAllNow();

  constructor(private readonly options: PatroniMemberOptions) {
    this.name = options.spec.name;
    this.configFile = join(options.spec.folder, 'patroni.json');
  }

  get spec(): PatroniMemberSpec {
    return this.options.spec;
  }

  /** Patroni's REST API base URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.options.spec.restApiPort}`;
  }

  /** Patroni's pid (the last one when not running). */
  get patroniPid(): number {
    return this.program?.child.pid ?? -1;
  }

  /** Whether Patroni is running. */
  get running(): boolean {
    const child = this.program?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** How many times Patroni was started again after exiting on its own. */
  get restartCount(): number {
    return this.restarts;
  }

  /** The postmaster's pid from its postmaster.pid, or undefined when Postgres is not running here. */
  postmasterPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.options.spec.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (!(pid > 0)) return undefined;
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** The last lines Patroni (and Postgres through it) printed. */
  output(): string {
    return this.tail;
  }

  /** Writes the configuration and starts Patroni (which starts Postgres); returns at once. */
  start(): void {
    if (this.stopped) throw new Error(`patroni ${this.name} was stopped; make a new member`);
    if (this.running) return;
    const { spec, user } = this.options;
    // Passwords inside: readable by Patroni's user alone.
    writeFileSync(this.configFile, JSON.stringify(this.options.config, null, 2), { mode: 0o600 });
    if (user) chownSync(this.configFile, user.uid, user.gid);
    this.append(`--- starting patroni ${this.name} ---\n`);
    const program = spawnProgram(this.options.patroni, [this.configFile], {
      user,
      cwd: spec.folder,
      onOutput: (text) => {
        this.append(text);
        this.options.onOutput?.(text);
      },
    });
    this.program = program;
    if (!this.guarded) process.on('exit', this.onExit);
    this.guarded = true;
    // 'exit', not the 'close' spawnProgram waits for: the Postgres that Patroni started holds
    // Patroni's stdout and stderr open and outlives a Patroni killed -9.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      program.child.once('exit', (code, signal) => resolve({ code, signal }));
      void program.exited.then(resolve);
    });
    this.exited = exited;
    void exited.then((exit) => {
      this.append(`--- patroni ${this.name} exited (code ${exit.code}, signal ${exit.signal}${exit.error ? `, ${exit.error.message}` : ''}) ---\n`);
      if (this.program !== program || this.stopped) return;
      this.recovering = this.recoverFromDeath().finally(() => (this.recovering = undefined));
      void this.recovering.then(() => {
        if (this.options.restartDelayMs === undefined || this.stopped) return;
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          if (this.stopped || this.running) return;
          this.restarts += 1;
          this.start();
        }, this.options.restartDelayMs);
      });
    });
  }

  /** Sends `signal` to Patroni (default SIGKILL: a crash); see {@link stopOrphanedPostgres} for what follows. */
  killPatroni(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.program?.child.kill(signal);
  }

  /** How many times a Patroni died under a running Postgres, which was then stopped. */
  get orphanedPostgresStops(): number {
    return this.orphansStopped;
  }

  /**
   * A Postgres whose Patroni died is stopped at once (immediate shutdown, SIGQUIT: no waiting
   * commit is acknowledged), as systemd's KillMode=control-group stops what is left of a
   * patroni.service whose main process died. Left running, it is unsafe twice over:
   * - once the leader key expires the replica is promoted, while the orphan still takes
   *   connections as a primary: a commit waiting there for the replica that left is reported
   *   committed when statement_timeout cancels the wait (a WARNING, not an error);
   * - a Patroni 3.0.2 restarted in time rewrites postgresql.conf without
   *   synchronous_standby_names and does not set it again while etcd's /sync key names the same
   *   replica: the pair silently replicates asynchronously (seen in test/postgres-failover).
   * Stopped, a Patroni crash on the primary is a primary crash: the replica takes over, and the
   * restarted Patroni brings this server back as the replica.
   */
  private async recoverFromDeath(): Promise<void> {
    const pid = this.killPostmaster('SIGQUIT');
    if (pid !== undefined) {
      this.orphansStopped += 1;
      // Gone once it removed its postmaster.pid (it may linger as a zombie of init).
      for (const until = Date.now() + 10_000; this.postmasterPid() !== undefined && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      this.append(`--- patroni ${this.name} died: its Postgres (pid ${pid}) stopped, as systemd stops a dead unit's processes ---\n`);
    }
    if (this.options.dcs && this.postmasterPid() === undefined) {
      const released = await releasePatroniKeys(this.options.dcs, this.name);
      if (released.length) this.append(`--- released its keys in etcd: ${released.join(', ')} ---\n`);
    }
  }

  /** Sends `signal` to the postmaster (default SIGKILL: a crash); returns its pid, undefined when none ran. */
  killPostmaster(signal: NodeJS.Signals = 'SIGKILL'): number | undefined {
    const pid = this.postmasterPid();
    if (pid !== undefined) process.kill(pid, signal);
    return pid;
  }

  /**
   * Stops Patroni for good: SIGTERM makes it stop Postgres (a fast shutdown) and exit; after
   * `graceMs` it and its Postgres are killed. Resolves once both are gone.
   */
  async stop(graceMs = 20_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.recovering;
    const program = this.program;
    if (program && this.running) {
      program.child.kill('SIGTERM');
      const killer = setTimeout(() => program.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(killer);
    }
    // A Postgres whose Patroni died (kill -9) outlives it: stop it too.
    const pid = this.postmasterPid();
    if (pid !== undefined) {
      process.kill(pid, 'SIGINT');
      for (const until = Date.now() + graceMs; this.postmasterPid() !== undefined && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      if (this.postmasterPid() !== undefined) process.kill(pid, 'SIGKILL');
    }
    process.off('exit', this.onExit);
    this.guarded = false;
  }

  /** On the way out of this process without stop(): nothing may outlive it (synchronous). */
  private killAllNow(): void {
    this.program?.child.kill('SIGKILL');
    const pid = this.postmasterPid();
    // SIGQUIT: immediate shutdown, the postmaster takes its children down with it.
    if (pid !== undefined) process.kill(pid, 'SIGQUIT');
  }

  private append(text: string): void {
    this.tail = (this.tail + text).slice(-32_768);
  }
}
