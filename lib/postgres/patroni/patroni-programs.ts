import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PatroniStartError } from './errors.js';

/** The programs an HA pair runs: Patroni, and the Postgres it manages. */
export interface PatroniPrograms {
  /** The `patroni` executable. */
  patroni: string;
  /** Folder of postgres, pg_ctl, initdb, pg_basebackup, pg_rewind. */
  postgresBinDir: string;
}

/** Where Debian's postgresql-NN packages put their programs. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

/**
 * Finds Patroni and a Postgres for it: `patroni` at `patroniBin`, else on PATH, else
 * /usr/bin/patroni; the Postgres programs in `postgresBinDir`, else the newest
 * /usr/lib/postgresql/NN/bin (Debian's layout). Debian's packages, because Patroni drives
 * pg_ctl, pg_basebackup and pg_rewind, which the embedded Postgres of npm does not ship.
 * Thrown by: PatroniStartError naming the package to install when either is missing.
 */
export function findPatroniPrograms(options: { patroniBin?: string; postgresBinDir?: string; path?: string }): PatroniPrograms {
  const install = 'install them (Debian/Ubuntu as root: `apt-get install patroni postgresql-15`; `npm test` does it for you), or set DATABASE_URL to a Postgres you run';
  const patroni = options.patroniBin ?? [...(options.path ?? '').split(':').filter(Boolean), '/usr/bin'].map((dir) => join(dir, 'patroni')).find((file) => existsSync(file));
  if (!patroni || !existsSync(patroni)) throw new PatroniStartError(`HA mode needs Patroni, and ${options.patroniBin ?? '`patroni`'} is not installed`, install);
  const postgresBinDir = options.postgresBinDir ?? newestDebianBinDir();
  if (!postgresBinDir || !existsSync(join(postgresBinDir, 'pg_ctl'))) {
    throw new PatroniStartError(`HA mode needs the Postgres server programs (pg_ctl, pg_rewind), not found in ${postgresBinDir ?? `${DEBIAN_POSTGRES_ROOT}/NN/bin`}`, install);
  }
  return { patroni, postgresBinDir };
}

function newestDebianBinDir(): string | undefined {
  let versions: number[];
  try {
    versions = readdirSync(DEBIAN_POSTGRES_ROOT).map(Number).filter((v) => Number.isInteger(v));
  } catch {
    return undefined;
  }
  const found = versions.sort((a, b) => b - a).map((v) => join(DEBIAN_POSTGRES_ROOT, String(v), 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
  return found;
}
