import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../logging/index.js';
import { PostgresStartError } from './errors.js';
import { userCanEnter, type PostgresUser } from './postgres-user.js';

/**
 * Where clusters live whose configured data dir the `postgres` user cannot reach. Under
 * /var/lib because it outlives a reboot (unlike /tmp, whose data would vanish) and only root may
 * write to it (no other user can plant a folder there first).
 */
export const RELOCATED_DATA_ROOT = '/var/lib/ordermesh';

/**
 * Decides the folder the cluster of `dataDir` really lives in, and makes its parent folders
 * reachable for `user` (the user Postgres runs as; undefined: this process's own user).
 *
 * Normally that is `dataDir` itself. As root, Postgres runs as the `postgres` user, which cannot
 * reach a data dir inside a folder only root may enter (a 0700 checkout, /root). Then the cluster
 * lives in `/var/lib/ordermesh/postgres-<hash of dataDir>` and `dataDir` becomes a symlink to
 * it, so `ls -l .data` shows where the data went and deleting `.data` still resets it: a
 * relocated cluster whose symlink is gone is removed and made anew. A `dataDir` that already is
 * a symlink (ours or the user's) is followed.
 * Thrown by: PostgresStartError when neither place can be used.
 */
export function placeDataDir(dataDir: string, user: PostgresUser | undefined, log: Logger): string {
  const wanted = resolve(dataDir);
  const parent = dirname(wanted);
  if (!existsSync(parent)) {
    // A folder we make (whatever the umask): the `postgres` user must enter the one above its
    // data. A folder that already exists is never changed (it may be /tmp, or the user's own):
    // when that user cannot enter it, the data is relocated below.
    mkdirSync(parent, { recursive: true, mode: 0o755 });
    chmodSync(parent, 0o755);
  }
  if (!user) return wanted;

  const link = symlinkTarget(wanted);
  if (link !== undefined) {
    const ours = dirname(link) === RELOCATED_DATA_ROOT;
    if (existsSync(link) || !ours) {
      if (userCanEnter(user, dirname(link))) return link;
      throw unreachable(user, link);
    }
    // Our relocated folder was removed: relocate afresh below.
    rmSync(wanted, { force: true });
  }
  if (userCanEnter(user, parent)) return wanted;
  if (existsSync(wanted) && readdirSync(wanted).length > 0) throw unreachable(user, wanted);
  const relocated = resolve(RELOCATED_DATA_ROOT, `postgres-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
  try {
    mkdirSync(RELOCATED_DATA_ROOT, { recursive: true, mode: 0o755 });
    chmodSync(RELOCATED_DATA_ROOT, 0o755);
    if (existsSync(relocated)) {
      // Its symlink is gone: the data was deleted on purpose (or never got its link).
      log.warn({ dataDir: wanted, relocated }, 'removing the relocated cluster whose data dir symlink is gone');
      rmSync(relocated, { recursive: true, force: true });
    }
    rmSync(wanted, { recursive: true, force: true });
    symlinkSync(relocated, wanted, 'dir');
  } catch (err) {
    throw new PostgresStartError(
      `the \`${user.name}\` user it runs as cannot reach ${parent}, and relocating the data to ${relocated} failed: ${(err as Error).message}`,
      'set ORDERMESH_DATA_DIR to a folder every user can enter (such as /var/tmp/ordermesh), or set DATABASE_URL to a Postgres you run',
      { cause: err },
    );
  }
  // Info, not warn: this is the documented behaviour, and `ordermesh dev` says it in its own words.
  log.info({ dataDir: wanted, relocated }, 'the postgres user cannot reach the data dir; the cluster lives in the relocated folder, the data dir is a symlink to it');
  return relocated;
}

function unreachable(user: PostgresUser, dir: string): PostgresStartError {
  return new PostgresStartError(
    `the \`${user.name}\` user it runs as cannot reach its data dir ${dir} (a folder above it is closed to other users)`,
    'move that folder somewhere every user can enter and point ORDERMESH_DATA_DIR at it (or symlink it there), or set DATABASE_URL to a Postgres you run',
  );
}

/** The absolute target of `path` when it is a symlink, else undefined. */
function symlinkTarget(path: string): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  return resolve(dirname(path), readlinkSync(path));
}
