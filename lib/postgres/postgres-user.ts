import { spawnSync } from 'node:child_process';
import { PostgresStartError } from './errors.js';

/** The OS user the Postgres processes run as when this process is root. */
export interface PostgresUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const NAME = 'postgres';

/**
 * Who runs Postgres: undefined when this process is not root (Postgres then runs as this
 * process's own user, which can reach whatever this process can); as root the `postgres` user,
 * created with useradd when missing, because Postgres refuses to run as root.
 * Thrown by: PostgresStartError when there is no `postgres` user and useradd cannot make one.
 */
export function postgresUser(): PostgresUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const found = lookUp();
  if (found) return found;
  // Reuse a `postgres` group that is already there (useradd --user-group refuses it).
  const groupExists = spawnSync('getent', ['group', NAME], { stdio: 'ignore' }).status === 0;
  const created = spawnSync('useradd', ['--system', '--no-create-home', ...(groupExists ? ['--gid', NAME] : ['--user-group']), NAME], { encoding: 'utf8' });
  const user = lookUp();
  if (user) return user;
  const why = created.error ? created.error.message : created.stderr.trim() || `useradd exited ${created.status}`;
  throw new PostgresStartError(
    `as root it must run as the \`${NAME}\` user, which does not exist and could not be created (${why})`,
    `create it (\`useradd --system --user-group ${NAME}\`), run as a normal user, or set DATABASE_URL to a Postgres you run`,
  );
}

function lookUp(): PostgresUser | undefined {
  const id = (flag: string): number => Number(spawnSync('id', [flag, NAME], { encoding: 'utf8' }).stdout?.trim() || NaN);
  const uid = id('-u');
  const gid = id('-g');
  return Number.isInteger(uid) && Number.isInteger(gid) ? { name: NAME, uid, gid } : undefined;
}

/**
 * Whether `user` can run `binary` (`<binary> --version`): that takes search permission on every
 * folder above it and its libraries. Asked of the kernel instead of computed from modes, so ACLs,
 * mount options and dropped supplementary groups count as they will for the real thing.
 */
export function userCanRun(user: PostgresUser, binary: string): boolean {
  return spawnSync(binary, ['--version'], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** Whether `user` can enter `dir` (search permission on it and every folder above it). */
export function userCanEnter(user: PostgresUser, dir: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore', timeout: 10_000 }).status === 0;
}
