import { z } from 'zod';
import { int, parseConfig } from '#lib/config/index.js';
import { postgresUrlSchema } from '#lib/postgres/index.js';

/** What `ordermesh dev` was asked for (flags) and where it keeps its data (environment). */
export interface DevOptions {
  /** Orders to place then stop placing (with --exit: then exit); undefined: keep placing until Ctrl-C. */
  orders: number | undefined;
  concurrency: number;
  /** Orders per second ecom-sim places at most; undefined: as fast as concurrency allows. */
  rate: number | undefined;
  exit: boolean;
  noSim: boolean;
  /** Run the whole cluster with mutual TLS and authorization (certificates made into <data dir>/tls). */
  tls: boolean;
  leaseTtlS: number;
  nodesPerRegion: number;
  /** Without DATABASE_URL: one embedded Postgres, or two under Patroni (`--postgres ha`, docs/operations.md). */
  postgres: 'embedded' | 'ha';
  /** Folder for the embedded Postgres, etcd's data and the processes' logs. */
  dataDir: string;
  /** Use this Postgres instead of an embedded one. */
  databaseUrl: string | undefined;
  /** Use this etcd instead of starting one. */
  etcdEndpoints: string | undefined;
  otelEndpoint: string | undefined;
  /** Start a Jaeger all-in-one beside the cluster (when one is built) and export traces to it. */
  jaeger: boolean;
}

const NAMES: Record<string, string> = {
  orders: '--orders',
  concurrency: '--concurrency',
  rate: '--rate',
  leaseTtlS: '--lease-ttl',
  nodesPerRegion: '--nodes-per-region',
  postgres: '--postgres',
  dataDir: 'ORDERMESH_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  etcdEndpoints: 'ORDERMESH_ETCD_ENDPOINTS',
};

/**
 * Validates `ordermesh dev`'s flags and reads its environment (the only reader of process.env
 * for the dev command), listing every problem at once.
 * @throws ConfigError listing every invalid flag or variable.
 */
export function loadDevOptions(flags: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv = process.env): DevOptions {
  const schema = z
    .object({
      orders: int(1, 10_000_000).optional(),
      concurrency: int(1, 1000),
      rate: z.coerce.number().positive('must be above 0').max(100_000, 'must be at most 100000').optional(),
      exit: z.boolean(),
      noSim: z.boolean(),
      tls: z.boolean(),
      leaseTtlS: int(1, 300),
      nodesPerRegion: int(1, 8),
      postgres: z.enum(['embedded', 'ha'], { message: 'must be embedded or ha' }),
      dataDir: z.string().min(1),
      databaseUrl: postgresUrlSchema.optional(),
      etcdEndpoints: z.string().min(1).optional(),
      otelEndpoint: z.string().optional(),
      jaeger: z.boolean(),
    })
    .superRefine((o, ctx) => {
      if (o.exit && o.orders === undefined) ctx.addIssue({ code: 'custom', path: ['orders'], message: '--exit needs --orders N: the run must know when it is done' });
      if (o.noSim && (o.orders !== undefined || o.exit)) ctx.addIssue({ code: 'custom', path: ['noSim'], message: '--no-sim starts no simulation, so --orders and --exit do not apply' });
    });
  return parseConfig(
    'dev',
    schema,
    {
      orders: flags.orders,
      concurrency: flags.concurrency ?? '10',
      rate: flags.rate,
      exit: flags.exit === true,
      noSim: flags['no-sim'] === true,
      tls: flags.tls === true,
      jaeger: flags.jaeger === true,
      leaseTtlS: flags['lease-ttl'] ?? env.ORDERMESH_LEASE_TTL_S ?? '3',
      nodesPerRegion: flags['nodes-per-region'] ?? '1',
      postgres: flags.postgres ?? 'embedded',
      dataDir: env.ORDERMESH_DATA_DIR ?? '.data',
      databaseUrl: env.DATABASE_URL || undefined,
      etcdEndpoints: env.ORDERMESH_ETCD_ENDPOINTS || undefined,
      otelEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || undefined,
    },
    { ...NAMES, noSim: '--no-sim' },
  ) as DevOptions;
}
