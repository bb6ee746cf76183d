#!/usr/bin/env node
// `npm test`: runs every *.test.ts (compiled to dist/ by the pretest bootstrap) with Node's test
// runner. One real etcd and one real Postgres are started for the whole run, on free ports, and
// handed to the tests through ORDERMESH_TEST_ETCD_ENDPOINTS and ORDERMESH_TEST_DATABASE_URL;
// each test still takes its own key prefix and its own database. Tests that stop or restart a
// server start their own. Arguments filter the files: `npm test -- lib/ring warehouse`. A full
// run (no arguments, as CI runs it) lints first, `npm run lint`, and fails if the lint does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const FOLDERS = ['lib', 'cli', 'warehouse', 'control-plane', 'wms-sim', 'ecom-sim', 'loadtest', 'deploy', 'test'];
const filters = process.argv.slice(2);

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// Only tests whose .ts source exists: a deleted test's stale .js in dist/ must not run.
const sources = FOLDERS.flatMap((f) => findTests(join(root, f)))
  .map((p) => relative(root, p))
  .filter((p) => filters.length === 0 || filters.some((f) => p.includes(f)))
  .sort();
if (sources.length === 0) {
  process.stderr.write(`no test files match ${filters.join(' ')}\n`);
  process.exit(1);
}
const compiled = sources.map((p) => join(root, 'dist', p.replace(/\.ts$/, '.js')));

if (filters.length === 0) {
  process.stderr.write('[test] npm run lint\n');
  const lint = spawnSync('npm', ['run', '--silent', 'lint'], { cwd: root, stdio: 'inherit' });
  if (lint.status !== 0) {
    process.stderr.write('[test] lint failed (above), so the tests were not run\n');
    process.exit(1);
  }
} else {
  process.stderr.write('[test] lint skipped: a filtered run only runs tests; `npm test` with no arguments lints too\n');
}

// The `ordermesh dev` test needs the cluster's fixed ports (docs/configuration.md), which lie in
// Linux's range of ports handed out for port 0: reserve them so that no other test's server takes
// one. Best effort: it needs root and a writable /proc/sys, as on CI; elsewhere the test says
// which port was taken.
try {
  writeFileSync('/proc/sys/net/ipv4/ip_local_reserved_ports', '2379-2380,50051-50080,51051-51080,54329,54331-54332');
} catch {
  // not root, or not Linux: the ports are very likely free anyway
}

const { startEtcd, startPostgres } = await import(join(root, 'dist/lib/testing/index.js'));
process.stderr.write('[test] starting etcd and Postgres for the run\n');
const started = await Promise.allSettled([startEtcd(), startPostgres()]);
const failed = started.filter((s) => s.status === 'rejected');
if (failed.length) {
  // The servers' errors say what is wrong and what to do; a stack trace would only bury that.
  for (const { reason } of failed) process.stderr.write(`[test] ${reason instanceof Error ? reason.message : String(reason)}\n`);
  await Promise.allSettled(started.filter((s) => s.status === 'fulfilled').map((s) => s.value.stop()));
  process.exit(1);
}
const [etcd, postgres] = started.map((s) => s.value);
let stopping = false;
async function stopServers() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([etcd.stop(), postgres.stop()]);
}

const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=300000', ...compiled],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ORDERMESH_TEST_ETCD_ENDPOINTS: etcd.endpoints.join(','),
      ORDERMESH_TEST_DATABASE_URL: postgres.url,
      ORDERMESH_LOG_LEVEL: process.env.ORDERMESH_LOG_LEVEL ?? 'silent',
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stopServers();
process.exit(code);
