import { randomBytes } from 'node:crypto';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { PostgresStartError } from './errors.js';
import { explainFailure } from './explain-failure.js';
import type { PostgresUser } from './postgres-user.js';
import { spawnProgram } from './spawn-program.js';

/** Options of {@link runInitdb}. */
export interface InitdbOptions {
  binaries: PostgresBinaries;
  /** Who runs it and owns the cluster; undefined: this process's user. */
  user: PostgresUser | undefined;
  /** The new cluster's folder: missing or empty. Its parent must be reachable by `user`. */
  dataDir: string;
  superuser: string;
  password: string;
  authMethod: 'scram-sha-256' | 'md5' | 'password';
  /** More initdb flags, e.g. `['--encoding=UTF8', '--no-locale']`. */
  flags?: readonly string[];
  onOutput?: (text: string) => void;
}

/**
 * Creates a cluster in `dataDir` with initdb, owned by `user`.
 * Thrown by: PostgresStartError (with initdb's reason) when it fails.
 */
export async function runInitdb(options: InitdbOptions): Promise<void> {
  const { user, dataDir } = options;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) await chown(dataDir, user.uid, user.gid);
  // Beside the data dir, which `user` can reach, and readable by it alone.
  const passwordFile = join(dirname(dataDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (user) await chown(passwordFile, user.uid, user.gid);
    const program = spawnProgram(
      options.binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        `--auth=${options.authMethod}`,
        `--username=${options.superuser}`,
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        ...(options.flags ?? []),
      ],
      { user, cwd: dirname(dataDir), ...(options.onOutput ? { onOutput: options.onOutput } : {}) },
    );
    const exit = await program.exited;
    if (exit.error) {
      throw new PostgresStartError(`could not run ${options.binaries.initdb}: ${exit.error.message}`, 'reinstall with `npm ci`, or set DATABASE_URL to a Postgres you run', { cause: exit.error });
    }
    if (exit.code !== 0) {
      const { reason, fix } = explainFailure(program.output(), { program: 'initdb', dataDir });
      throw new PostgresStartError(reason, fix);
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}
