/**
 * The bench's command line: its flags (USAGE), their defaults and bounds, and what follows from
 * them (the gateway rows' target name, the announced length of a run).
 */
import { parseArgs } from 'node:util';
import { BENCH_RPCS, type BenchRpc } from '#warehouse/bench/protocol.js';
import { numberFlag, UsageError } from '#warehouse/bench/flags.js';

/** The help text, printed by --help and after a usage error. */
export const USAGE = `usage: npm run bench -- [options]
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

/** The run's settings, from the flags (defaults applied, bounds checked). */
export interface Settings {
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

/** Thrown by {@link parseSettings} when a flag's value is not a number in its bounds or not a known RPC. */
export { UsageError };

/**
 * The settings from the command line; prints USAGE and exits 0 on --help.
 * Thrown by: UsageError for a bad value; parseArgs' own error for an unknown flag.
 */
export function parseSettings(argv: string[]): Settings {
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
    durationS: numberFlag('duration', values.duration, 5, 1, 60, false),
    warmupS: numberFlag('warmup', values.warmup, 2, 0, 30, false),
    concurrency: numberFlag('concurrency', values.concurrency, 50, 1, 512),
    channels: numberFlag('channels', values.channels, 4, 1, 64),
    rpcs: rpcs as BenchRpc[],
    orders: numberFlag('orders', values.orders, 2000, 0, 20_000),
    simConcurrency: numberFlag('sim-concurrency', values['sim-concurrency'], 200, 1, 512),
    failovers: numberFlag('failovers', values.failovers, 3, 0, 10),
    overload: values.overload === 'none' ? [] : (values.overload ?? '1,2,5').split(',').map((f) => numberFlag('overload', f.trim(), 1, 1, 20)),
    leaseTtlS: numberFlag('lease-ttl', values['lease-ttl'], 3, 1, 30),
    nodesPerRegion: numberFlag('nodes-per-region', values['nodes-per-region'], 1, 1, 3),
    failoverLoad: numberFlag('failover-load', values['failover-load'], 8, 0, 256),
    poolSize: values.pool === undefined ? undefined : numberFlag('pool', values.pool, 10, 1, 100),
    json: values.json ?? false,
  };
}

/** How the gateway rows name their target: 'gateway → 3 nodes', or 6 or 9 with --nodes-per-region. */
export function gatewayTarget(settings: Settings): string {
  return `gateway → ${3 * settings.nodesPerRegion} nodes`;
}

/** Rough length of a run, to announce it (cluster start, phases, ecom-sim, failovers). */
export function estimateS(s: Settings): number {
  const phase = s.warmupS + s.durationS + 1.5;
  const rpcPhases = 2 * s.rpcs.length * phase + (s.rpcs.includes('ConfirmPayment') ? 20 : 0) + (s.rpcs.length && s.overload.length ? (s.overload.length + 1) * phase : 0);
  const sim = s.orders > 0 ? 8 + s.orders / 70 : 0;
  const failovers = s.failovers > 0 ? 6 + s.failovers * (s.leaseTtlS + 8) : 0;
  return 20 + 2 * phase + rpcPhases + sim + failovers;
}
