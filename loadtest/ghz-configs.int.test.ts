import * as grpc from '@grpc/grpc-js';
import { GrpcReflection } from 'grpc-js-reflection-client';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { callUnary, checkHealth, connectOrdermesh } from '../lib/grpc/index.js';
import { repoRoot } from '../lib/runtime/index.js';
import { childPids, isProcessAlive, onProcessExit, waitFor } from '../lib/testing/index.js';
import { callDataText, readGhzConfig, requestJsonFor, requestMetadataFor, type GhzConfig } from './ghz-config.js';
import { ghzCallData, ghzWorkerId, type GhzMethod } from './ghz-template.js';
import { fromProtoJson, type ProtoType } from './protojson.js';
import { requireTool } from '../test/harness/real-clients.js';

/**
 * Replays the exact requests of every ghz config in loadtest/ (ghz itself is not installed
 * here) against the cluster `npm start -- --no-sim` runs: `node bin/ordermesh.js dev --no-sim`
 * as a child process, on its fixed ports (gateway 127.0.0.1:50051, nodes 50061-50063, wms-sim
 * 50071, Postgres 54329, etcd 2379/2380), its data in a temporary ORDERMESH_DATA_DIR. For each
 * config it does what ghz does: finds the method by server reflection, renders the call data
 * for a few request numbers (data-file configs read a file made by generate-orders against the
 * running cluster), reads each request as protojson and sends it with grpc-js to the config's
 * host; every answer must be OK.
 *
 * bin/ordermesh.js runs the compiled CLI, so dist/ must be built: `npm test` builds first; from
 * source (`node --import tsx --test loadtest/ghz-configs.int.test.ts`) run `npm run build` before.
 */

const ROOT = repoRoot();
const LOADTEST = join(ROOT, 'loadtest');
const GATEWAY = '127.0.0.1:50051';
/** The ports `ordermesh dev` takes (cli/dev/dev-cluster.ts DEV_PORTS, and etcd's peer port). */
const DEV_PORTS = [50051, 50061, 50062, 50063, 50071, 54329, 2379, 2380];
/** The configs the kit ships; more may be added, each is replayed. */
const EXPECTED_CONFIGS = ['confirm-payment.json', 'create-order.json', 'get-order.json'];
/** Requests replayed per config (data-file configs: orders generated). */
const REQUESTS = 6;
/** Requests the real ghz makes per config (`ghz --config X -n GHZ_REQUESTS`). */
const GHZ_REQUESTS = 30;
const FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');

type Unary = (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Record<string, unknown>) => void) => void;

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

/** A Go duration of the form ghz configs use ("10s", "500ms", "1m") in ms. */
function goDurationMs(text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  assert.ok(match, `duration ${text} is not N(ms|s|m)`);
  return Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 's' ? 1_000 : 60_000);
}

/** Runs generate-orders as run.sh does and returns its --json summary. */
async function runGenerator(args: string[]): Promise<Record<string, unknown>> {
  const script = FROM_SOURCE ? join(LOADTEST, 'generate-orders.ts') : join(ROOT, 'dist/loadtest/generate-orders.js');
  const child = spawn(process.execPath, [...(FROM_SOURCE ? ['--import', 'tsx'] : []), script, ...args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, `generate-orders ${args.join(' ')} exited ${code}:\n${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('the ghz configs in loadtest/, replayed with grpc-js and run by the real ghz, against `ordermesh dev --no-sim`', { timeout: 300_000 }, () => {
  let dataDir = '';
  let dev: ChildProcess | undefined;
  let devExit: Promise<number | string> | undefined;
  let output = '';
  let unregister: (() => void) | undefined;
  let reflection: GrpcReflection;
  const clients: grpc.Client[] = [];
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
          if ((await checkHealth(GATEWAY, '', 1_000)) !== 'SERVING') return false;
          const stock = await callUnary(inventory.inventory, inventory.inventory.GetStock, { warehouseId: '', skus: [], pageSize: 100, pageToken: '' }, { deadline: Date.now() + 2_000 });
          return stock.items.some((level) => Number(level.available) > 0);
        },
        { timeoutMs: 180_000, intervalMs: 500, message: 'the gateway SERVING with a non-empty catalogue' },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- ordermesh dev output ---\n${output}`, { cause: err });
    } finally {
      inventory.close();
    }
    reflection = new GrpcReflection(GATEWAY, grpc.credentials.createInsecure());
  });

  after(async () => {
    for (const c of clients) c.close();
    if (dev && dev.exitCode === null && dev.signalCode === null) {
      dev.kill('SIGTERM');
      await Promise.race([devExit, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
    }
    unregister?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The method a config calls, found by reflection as ghz finds it, and a client for it. */
  async function methodOf(config: GhzConfig): Promise<{ method: GhzMethod; input: ProtoType; call: Unary; client: grpc.Client }> {
    const parts = config.call.split('.');
    const methodName = parts.pop() ?? '';
    const service = parts.join('.');
    const descriptor = await reflection.getDescriptorBySymbol(service);
    const root = descriptor.getProtobufJsRoot();
    root.resolveAll();
    const svc = root.lookupService(service);
    const m = svc.methods[methodName];
    assert.ok(m, `${service} has no method ${methodName} (it has ${Object.keys(svc.methods).join(', ')})`);
    const input = m.resolvedRequestType as unknown as ProtoType;
    const output = m.resolvedResponseType;
    assert.ok(input && output, `${config.call}: request and response types resolve`);
    // keepCase: true, as ghz sends the proto's own field names.
    const pkg = descriptor.getPackageObject({ keepCase: true, longs: String, enums: String, defaults: true });
    const Ctor = service.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], pkg) as typeof grpc.Client;
    const client = new Ctor(config.host, grpc.credentials.createInsecure());
    clients.push(client);
    const call = (client as unknown as Record<string, Unary>)[methodName];
    assert.ok(call, `the grpc-js client of ${service} has ${methodName}`);
    return {
      method: { fullyQualifiedName: config.call, inputName: input.name, outputName: output.name, clientStreaming: m.requestStream === true, serverStreaming: m.responseStream === true },
      input,
      call: call.bind(client) as Unary,
      client,
    };
  }

  it('should ship the three configs, each using server reflection against the gateway with a bounded load', async () => {
    for (const name of EXPECTED_CONFIGS) assert.ok(configs.includes(name), `loadtest/${name} exists (found ${configs.join(', ')})`);
    const services = await reflection.listServices();
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
    it(`should answer OK to every request ${name} makes`, async () => {
      const config = readGhzConfig(join(LOADTEST, name));
      const { method, input, call } = await methodOf(config);
      assert.equal(method.clientStreaming || method.serverStreaming, false, `${config.call} is unary`);

      let text: string;
      let requestCount = REQUESTS;
      if (config.dataFile !== undefined) {
        const rpc = method.fullyQualifiedName.split('.').at(-1) ?? '';
        const out = join(dataDir, 'ghz-data', `${name}`);
        const summary = await runGenerator(['--rpc', rpc, '--count', String(REQUESTS), '--out', out, '--target', config.host]);
        assert.equal(summary.written, REQUESTS, `generate-orders wrote ${REQUESTS} requests`);
        text = readFileSync(out, 'utf8');
      } else {
        text = callDataText(config);
        const elements = Array.isArray(config.data) ? config.data.length : 1;
        requestCount = Math.max(REQUESTS, 2 * elements);
      }
      const timeoutMs = typeof config.raw.timeout === 'string' ? goDurationMs(config.raw.timeout) : 20_000;

      for (let n = 0; n < requestCount; n++) {
        const callData = ghzCallData(method, ghzWorkerId(n % config.concurrency, 0, config.name ?? ''), n);
        const json = requestJsonFor(text, callData, config.dataFile ?? name);
        const request = fromProtoJson(input, json);
        const metadata = new grpc.Metadata();
        for (const [key, value] of Object.entries(requestMetadataFor(config, callData))) metadata.set(key, value);
        const answer = await new Promise<Record<string, unknown>>((resolve, reject) =>
          call(request, metadata, { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res ?? {}))),
        ).catch((err: grpc.ServiceError) => assert.fail(`${name} request ${n} ${JSON.stringify(json)}: ${grpc.status[err.code]}: ${err.details}`));

        // OK, and the answer shows the request did what the run means to measure.
        const order = (answer.order ?? {}) as Record<string, unknown>;
        switch (method.fullyQualifiedName) {
          case 'ordermesh.v1.OrderService.CreateOrder':
            assert.equal(order.status, 'ORDER_STATUS_RESERVED', `${name} request ${n}: a new order with stock is RESERVED (${String(order.reason)})`);
            assert.equal(order.region, json.region);
            break;
          case 'ordermesh.v1.OrderService.GetOrder':
            assert.equal(order.order_id, json.order_id);
            break;
          case 'ordermesh.v1.PaymentService.ConfirmPayment':
            assert.equal(order.status, 'ORDER_STATUS_PAID', `${name} request ${n}: the generated amount pays the order exactly (${String(order.reason)})`);
            assert.equal(order.payment_id, json.payment_id);
            break;
          default:
            break;
        }
      }
    });
  }

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
