import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { callUnary, checkHealth, connectOrdermesh } from '#lib/grpc/index.js';
import { repoRoot } from '#lib/runtime/index.js';
import { childPids, isProcessAlive, onProcessExit, waitFor } from '#lib/testing/index.js';
import { readGhzConfig } from './ghz-config.js';
import { bufCurl, requireTool, toolPath } from '#test/harness/real-clients.js';

/**
 * Runs every ghz config in loadtest/ with the real ghz (built by scripts/go-tools.mjs where Go
 * is installed) against the cluster `npm start -- --no-sim` runs: `node bin/ordermesh.js dev
 * --no-sim` as a child process, on its fixed ports (gateway 127.0.0.1:50051, nodes 50061-50063,
 * wms-sim 50071, Postgres 54329, etcd 2379/2380), its data in a temporary ORDERMESH_DATA_DIR.
 * ghz finds each method by server reflection, as users run it; data-file configs read a file
 * made by generate-orders against the running cluster first; every call must be OK. Without
 * ghz those runs skip with one line (a failure under CI=true); the configs' shape is checked
 * either way.
 *
 * bin/ordermesh.js runs the compiled CLI, so dist/ must be built: `npm test` builds first; from
 * source (`node --conditions=ordermesh-source --import tsx --test loadtest/ghz-configs.int.test.ts`) run `npm run build` before.
 */

const ROOT = repoRoot();
const LOADTEST = join(ROOT, 'loadtest');
const GATEWAY = '127.0.0.1:50051';
/** The ports `ordermesh dev` takes (cli/dev/dev-cluster.ts DEV_PORTS, and etcd's peer port). */
const DEV_PORTS = [50051, 50061, 50062, 50063, 50071, 54329, 2379, 2380, 8080];
/** The configs the kit ships; more may be added, each is replayed. */
const EXPECTED_CONFIGS = ['confirm-payment.json', 'create-order.json', 'get-order.json'];
/** Requests the real ghz makes per config (`ghz --config X -n GHZ_REQUESTS`). */
const GHZ_REQUESTS = 30;
const FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');


async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `port ${port} on 127.0.0.1 is taken (${err.code}): this test runs \`ordermesh dev --no-sim\`, which needs its fixed ports ${DEV_PORTS.join(', ')}; stop whatever holds it (another \`npm start\`?)`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Every live process under `pid`, children first. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const child of childPids(pid)) out.push(child, ...descendants(child));
  return out;
}

/** Runs generate-orders as run.sh does and returns its --json summary. */
async function runGenerator(args: string[]): Promise<Record<string, unknown>> {
  const script = FROM_SOURCE ? join(LOADTEST, 'generate-orders.ts') : join(ROOT, 'dist/loadtest/generate-orders.js');
  const child = spawn(process.execPath, [...(FROM_SOURCE ? ['--conditions=ordermesh-source', '--import', 'tsx'] : []), script, ...args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, `generate-orders ${args.join(' ')} exited ${code}:\n${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('the ghz configs in loadtest/, run by the real ghz against `ordermesh dev --no-sim`', { timeout: 300_000 }, () => {
  let dataDir = '';
  let dev: ChildProcess | undefined;
  let devExit: Promise<number | string> | undefined;
  let output = '';
  let unregister: (() => void) | undefined;
  const configs = readdirSync(LOADTEST)
    .filter((f) => f.endsWith('.json'))
    .sort();

  before(async () => {
    for (const port of DEV_PORTS) await assertPortFree(port);
    dataDir = mkdtempSync(join(tmpdir(), 'ordermesh-ghz-'));
    // As on a machine where `npm start` starts its own etcd and Postgres: no external ones.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'ORDERMESH_ETCD_ENDPOINTS'].includes(k) && !k.startsWith('OTEL_EXPORTER_OTLP')),
    );
    const child = spawn(process.execPath, [join(ROOT, 'bin/ordermesh.js'), 'dev', '--no-sim'], {
      cwd: ROOT,
      env: { ...env, ORDERMESH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev = child;
    const collect = (c: Buffer): void => void (output = (output + c.toString()).slice(-20_000));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    devExit = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    // If this process dies first, SIGTERM lets `ordermesh dev` stop its own children.
    unregister = onProcessExit(() => child.kill('SIGTERM'));
    let exited: number | string | undefined;
    void devExit.then((code) => (exited = code));

    const inventory = connectOrdermesh(GATEWAY);
    try {
      await waitFor(
        async () => {
          if (exited !== undefined) throw new Error(`ordermesh dev exited (${exited}) while starting:\n${output}`);
          // The banner comes once `ordermesh dev` has started everything (wms-sim may stock the
          // catalogue a moment before that).
          if (!output.includes('Ctrl-C stops everything')) return false;
          if ((await checkHealth(GATEWAY, '', 1_000)) !== 'SERVING') return false;
          const stock = await callUnary(inventory.inventory, inventory.inventory.GetStock, { warehouseId: '', skus: [], pageSize: 100, pageToken: '' }, { deadline: Date.now() + 2_000 });
          return stock.items.some((level) => Number(level.available) > 0);
        },
        { timeoutMs: 180_000, intervalMs: 500, message: 'the banner, and the gateway SERVING with a non-empty catalogue' },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- ordermesh dev output ---\n${output}`, { cause: err });
    } finally {
      inventory.close();
    }
  });

  after(async () => {
    if (dev && dev.exitCode === null && dev.signalCode === null) {
      dev.kill('SIGTERM');
      await Promise.race([devExit, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
    }
    unregister?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should print the web console\'s address in the banner and serve the cluster there', async () => {
    assert.match(output, /console: +http:\/\/127\.0\.0\.1:8080\//, 'the banner names the console');
    const snapshot = await waitFor(
      async () => {
        const res = await fetch('http://127.0.0.1:8080/api/snapshot');
        const body = res.ok ? ((await res.json()) as { nodes: Array<{ nodeId: string; health: string }> }) : undefined;
        return body && body.nodes.length === 3 && body.nodes.every((n) => n.health === 'SERVING') ? body : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, message: 'the console showing three SERVING nodes' },
    );
    assert.deepEqual(snapshot.nodes.map((n) => n.nodeId).sort(), ['dn-1', 'hcm-1', 'hn-1']);
  });

  it('should ship the three configs, each using server reflection against the gateway with a bounded load', async () => {
    for (const name of EXPECTED_CONFIGS) assert.ok(configs.includes(name), `loadtest/${name} exists (found ${configs.join(', ')})`);
    // The gateway's reflection list, as a Go client reads it (buf curl ships with npm, so this
    // part of the test runs where ghz is not installed).
    const listed = await bufCurl(toolPath('buf') ?? assert.fail('buf is missing: run npm ci'), { address: GATEWAY, verb: 'list' });
    assert.equal(listed.code, 'OK', listed.stderr);
    const services = listed.stdout.trim().split('\n');
    for (const name of configs) {
      const config = readGhzConfig(join(LOADTEST, name));
      for (const key of ['proto', 'protoset', 'import-paths']) assert.equal(config.raw[key], undefined, `${name}: no ${key}, so ghz uses server reflection`);
      assert.equal(config.host, GATEWAY, `${name}: through the gateway`);
      assert.equal(config.insecure, true, `${name}: plaintext, as the dev cluster serves`);
      assert.ok(config.total <= 10_000 && config.concurrency <= 100 && config.concurrency <= config.total, `${name}: total ${config.total} and concurrency ${config.concurrency} are bounded`);
      for (const key of ['duration', 'max-duration']) assert.equal(config.raw[key], undefined, `${name}: bounded by total, not by ${key}`);
      const service = config.call.split('.').slice(0, -1).join('.');
      assert.ok(services.includes(service), `${name}: ${service} is in the gateway's reflection list (${services.join(', ')})`);
      if (config.dataFile !== undefined) assert.match(config.dataFile, /^loadtest\/data\/[\w.-]+\.json$/, `${name}: its data file is made under loadtest/data/`);
    }
  });

  for (const name of configs) {
    it(`should complete \`ghz --config loadtest/${name}\` with the real ghz, every request OK`, async (t) => {
      const ghz = requireTool(t, 'ghz');
      if (!ghz) return;
      const config = readGhzConfig(join(LOADTEST, name));
      const total = GHZ_REQUESTS;
      if (config.dataFile !== undefined) {
        // As loadtest/run.sh does: fresh orders for the data file the config names.
        const rpc = config.call.split('.').at(-1) ?? '';
        const summary = await runGenerator(['--rpc', rpc, '--count', String(total), '--out', join(ROOT, config.dataFile), '--target', config.host]);
        assert.equal(summary.written, total);
      }
      const args = ['--config', join('loadtest', name), '-n', String(total), '-c', String(Math.min(config.concurrency, 5)), '-O', 'json'];
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(ghz, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(result.code, 0, `ghz ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout.slice(0, 2000)}`);
      const report = JSON.parse(result.stdout) as { count: number; statusCodeDistribution?: Record<string, number>; errorDistribution?: Record<string, number> };
      assert.equal(report.count, total, `ghz made ${total} calls`);
      assert.deepEqual(report.statusCodeDistribution, { OK: total }, `every call OK: ${JSON.stringify(report.errorDistribution)}`);
    });
  }

  it('should stop the cluster on SIGINT with exit status 0, leaving no process behind', async () => {
    assert.ok(dev?.pid, 'ordermesh dev is running');
    const tree = descendants(dev.pid);
    // etcd, Postgres, the control plane, three nodes and wms-sim at least: the check below means something.
    assert.ok(tree.length >= 7, `ordermesh dev runs its processes as children (found ${tree.length})`);
    dev.kill('SIGINT');
    const code = await Promise.race([devExit, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 90 s'), 90_000).unref())]);
    assert.equal(code, 0, `ordermesh dev exited ${code}:\n${output}`);
    await waitFor(() => tree.every((pid) => !isProcessAlive(pid)), { timeoutMs: 15_000, message: `every process of the cluster gone (${tree.filter(isProcessAlive).join(', ')} left)` });
    assert.match(output, /\[dev\] stopping the cluster/);
  });
});
