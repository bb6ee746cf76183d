#!/usr/bin/env node
// Runs before `npm start`, `npm test` and the benchmarks, so that each works as the very first
// command on a fresh clone: installs the npm dependencies when they are missing or stale, checks
// the machine for what the command needs (--need etcd), and compiles the TypeScript to dist/.
// Uses only Node's standard library: nothing else is installed yet when it runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const needs = new Set(process.argv.slice(2).flatMap((a, i, all) => (all[i - 1] === '--need' ? [a] : [])));
const say = (line) => process.stderr.write(`[bootstrap] ${line}\n`);

function fail(lines) {
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  process.exit(1);
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) fail([`ordermesh needs Node.js 20 or newer; this is ${process.version}.`, 'Install Node 20 (e.g. `apt-get install nodejs` on Debian 12 with NodeSource, or nvm install 20).']);

// 1. npm dependencies: (re)install when node_modules is missing or package-lock.json changed.
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.ordermesh-lock-hash');
const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  say('installing npm dependencies (npm ci)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(['`npm ci` failed (output above). Check that the npm registry is reachable, then run `npm ci` yourself.']);
  writeFileSync(stamp, lockHash);
}

// 2. Programs from Debian packages that some commands need: etcd (tests, the cluster),
//    docker-compose (the tests validate deploy/docker-compose.yml with it), Patroni with Debian's
//    Postgres server programs (the HA pair: `ordermesh dev --postgres ha`, its tests), and
//    chromium (the web console's browser tests and `npm run screenshots` drive it with
//    playwright-core).
const PROGRAMS = {
  etcd: { binary: 'etcd', envVar: 'ORDERMESH_ETCD_BIN', apt: ['etcd-server'], what: 'the etcd binary (etcd 3.4 or newer)' },
  'docker-compose': { binary: 'docker-compose', apt: ['docker-compose'], what: 'docker-compose (it validates deploy/docker-compose.yml)' },
  patroni: { binary: 'patroni', alsoNeeds: postgresServerBinDir, apt: ['patroni', 'postgresql-15'], what: 'Patroni and the Postgres server programs (the HA pair)' },
  chromium: { binary: 'chromium', envVar: 'ORDERMESH_CHROMIUM_BIN', apt: ['chromium'], what: 'Chromium (the web console is tested in it)' },
};
/** Debian's Postgres server programs (pg_ctl, pg_rewind), which Patroni drives: the newest /usr/lib/postgresql/NN/bin. */
function postgresServerBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root).map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
}
function findProgram({ binary, envVar, alsoNeeds }) {
  if (alsoNeeds && !alsoNeeds()) return undefined;
  const fromEnv = envVar && process.env[envVar];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  return existsSync(`/usr/bin/${binary}`) ? `/usr/bin/${binary}` : undefined;
}
const missing = [...needs].map((name) => PROGRAMS[name]).filter((p) => p && !findProgram(p));
if (missing.length) {
  const isRoot = process.getuid?.() === 0;
  const packages = missing.flatMap((p) => p.apt);
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    say(`installing Debian packages: ${packages.join(' ')} (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
    const still = missing.filter((p) => !findProgram(p));
    if (!install || install.status !== 0 || still.length) {
      fail([`Could not install ${still.map((p) => p.what).join(' and ')}. Install it yourself: \`sudo apt-get install ${packages.join(' ')}\`.`]);
    }
  } else {
    fail([
      `This command needs ${missing.map((p) => p.what).join(' and ')}.`,
      `  Debian/Ubuntu:  sudo apt-get install ${packages.join(' ')}`,
      ...missing.filter((p) => p.envVar).map((p) => `  or put ${p.binary} on PATH, or set ${p.envVar} to its path.`),
    ]);
  }
}

// 3. Compile TypeScript to dist/ (incremental: fast when nothing changed).
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
} catch {
  fail(['TypeScript compilation failed (errors above).']);
}

// promtool for the alert rules' tests (scripts/promtool.mjs).
if (needs.has('promtool')) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'promtool.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(['promtool could not be installed (output above).']);
}

// The real grpcurl and ghz for the tests that use them (scripts/go-tools.mjs).
if (needs.has('go-tools')) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'go-tools.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
