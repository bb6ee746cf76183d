import { z } from 'zod';
import { etcdEndpointsSchema, int, logLevelSchema, parseConfig } from '#lib/config/index.js';
import { nodeIdSchema } from '#lib/membership/index.js';
import { loadSecurityConfig, type SecurityConfig, type SecurityFlags } from '#lib/security/index.js';
import { MAX_MESSAGE_BYTES } from '#lib/grpc/message-limits.js';
import { METRICS_PORT_NAME, metricsPortSchema } from '#lib/metrics/index.js';
import { DEFAULT_TOPOLOGY, parseTopology, type Topology } from '#lib/orders/index.js';
import { postgresUrlSchema } from '#lib/postgres/index.js';

/** Command-line flags of `ordermesh warehouse` (they beat the environment). */
export interface WarehouseFlags extends SecurityFlags {
  nodeId?: string;
  region?: string;
  port?: string;
  host?: string;
  leaseTtlS?: string;
  metricsPort?: string;
}

/** A warehouse node's validated configuration. */
export interface WarehouseConfig {
  nodeId: string;
  region: string;
  host: string;
  port: number;
  /** Port of the Prometheus endpoint (on `host`); undefined: none, 0: any free port. */
  metricsPort: number | undefined;
  /** host:port other processes reach this node at (registered in etcd); undefined: host and the bound port. */
  advertiseAddress: string | undefined;
  /** etcd client URLs; empty runs the node standalone (no membership). */
  etcdEndpoints: string[];
  /** Keyspace prefix in etcd. */
  etcdPrefix: string;
  /** Lease TTL: how long a crashed node stays registered. */
  leaseTtlS: number;
  /** Relative weight of this node (advertised in its registration). */
  capacity: number;
  /** host:port of the warehouse-management backend (wms-sim) that PAID orders are delivered to. */
  wmsAddress: string;
  /** Run the outbox delivery and payment-timeout workers (off for tests that compare tables). */
  backgroundWork: boolean;
  /** Postgres to use; undefined starts an embedded Postgres in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  poolSize: number;
  migrate: boolean;
  maxMessageBytes: number;
  paymentTimeoutMs: number;
  /** How long a FULFILLING order waits for its SHIPPED report before ShipOrder is delivered again. */
  fulfillmentTimeoutMs: number;
  shutdownGraceMs: number;
  topology: Topology;
  logLevel: string;
  /** The OTEL_* variables, for lib/telemetry. */
  otelEnv: Record<string, string | undefined>;
  /** TLS files, policy and token keys (lib/security); undefined: plaintext. */
  security?: SecurityConfig;
}

const NAMES: Record<string, string> = {
  nodeId: '--node-id / ORDERMESH_NODE_ID',
  region: '--region / ORDERMESH_REGION',
  host: '--host / ORDERMESH_HOST',
  port: '--port / ORDERMESH_PORT',
  metricsPort: METRICS_PORT_NAME,
  advertiseAddress: 'ORDERMESH_ADVERTISE_ADDRESS',
  etcdEndpoints: 'ORDERMESH_ETCD_ENDPOINTS',
  etcdPrefix: 'ORDERMESH_ETCD_PREFIX',
  leaseTtlS: '--lease-ttl / ORDERMESH_LEASE_TTL_S',
  capacity: 'ORDERMESH_NODE_CAPACITY',
  wmsAddress: 'ORDERMESH_WMS_ADDRESS',
  backgroundWork: 'ORDERMESH_BACKGROUND_WORK',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'ORDERMESH_DATA_DIR',
  embeddedPostgresPort: 'ORDERMESH_EMBEDDED_PG_PORT',
  poolSize: 'ORDERMESH_DB_POOL_SIZE',
  migrate: 'ORDERMESH_MIGRATE',
  maxMessageBytes: 'ORDERMESH_MAX_MESSAGE_BYTES',
  paymentTimeoutMs: 'ORDERMESH_PAYMENT_TIMEOUT_MS',
  fulfillmentTimeoutMs: 'ORDERMESH_FULFILLMENT_TIMEOUT_MS',
  shutdownGraceMs: 'ORDERMESH_SHUTDOWN_GRACE_MS',
  topology: 'ORDERMESH_TOPOLOGY',
  logLevel: 'ORDERMESH_LOG_LEVEL',
};

/**
 * Reads a warehouse node's configuration from flags and the environment (the only place that
 * reads process.env for this service) and validates it, listing every problem at once.
 * @throws ConfigError listing every invalid setting.
 */
export function loadWarehouseConfig(flags: WarehouseFlags, env: NodeJS.ProcessEnv = process.env): WarehouseConfig {
  const schema = z
    .object({
      nodeId: nodeIdSchema,
      region: z.string().regex(/^[A-Z]{2,8}$/, 'must be an upper-case region code such as HCM'),
      host: z.string().min(1),
      port: int(0, 65535),
      metricsPort: metricsPortSchema,
      advertiseAddress: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port').optional(),
      etcdEndpoints: etcdEndpointsSchema({ required: false }),
      etcdPrefix: z.string().regex(/^\/.*\/$/, 'must start and end with /'),
      leaseTtlS: int(1, 300),
      capacity: int(1, 1000),
      wmsAddress: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port'),
      backgroundWork: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
      databaseUrl: postgresUrlSchema.optional(),
      dataDir: z.string().min(1),
      embeddedPostgresPort: int(1, 65535),
      poolSize: int(1, 200),
      migrate: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
      maxMessageBytes: int(1024, 64 * 1024 * 1024),
      paymentTimeoutMs: int(100, 7 * 24 * 3600 * 1000),
      fulfillmentTimeoutMs: int(100, 7 * 24 * 3600 * 1000),
      shutdownGraceMs: int(0, 600_000),
      topology: z.string().transform((text, ctx) => {
        if (text === '') return DEFAULT_TOPOLOGY;
        try {
          return parseTopology(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
      logLevel: logLevelSchema,
    })
    .superRefine((c, ctx) => {
      if (!c.topology.regions.includes(c.region)) {
        ctx.addIssue({ code: 'custom', path: ['region'], message: `must be one of the topology's regions: ${c.topology.regions.join(', ')}` });
      }
    });
  const c = parseConfig(
    'warehouse',
    schema,
    {
      nodeId: flags.nodeId ?? env.ORDERMESH_NODE_ID,
      region: flags.region ?? env.ORDERMESH_REGION,
      host: flags.host ?? env.ORDERMESH_HOST ?? '127.0.0.1',
      port: flags.port ?? env.ORDERMESH_PORT ?? '50061',
      // '' (an empty variable) is unset, not port 0.
      metricsPort: flags.metricsPort || env.ORDERMESH_METRICS_PORT || undefined,
      advertiseAddress: env.ORDERMESH_ADVERTISE_ADDRESS || undefined,
      etcdEndpoints: env.ORDERMESH_ETCD_ENDPOINTS ?? '',
      etcdPrefix: env.ORDERMESH_ETCD_PREFIX ?? '/ordermesh/v1/',
      leaseTtlS: flags.leaseTtlS ?? env.ORDERMESH_LEASE_TTL_S ?? '3',
      capacity: env.ORDERMESH_NODE_CAPACITY ?? '1',
      wmsAddress: env.ORDERMESH_WMS_ADDRESS ?? '127.0.0.1:50071',
      backgroundWork: env.ORDERMESH_BACKGROUND_WORK ?? 'true',
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: env.ORDERMESH_DATA_DIR ?? '.data/postgres',
      embeddedPostgresPort: env.ORDERMESH_EMBEDDED_PG_PORT ?? '54329',
      poolSize: env.ORDERMESH_DB_POOL_SIZE ?? '10',
      migrate: env.ORDERMESH_MIGRATE ?? 'true',
      maxMessageBytes: env.ORDERMESH_MAX_MESSAGE_BYTES ?? String(MAX_MESSAGE_BYTES),
      paymentTimeoutMs: env.ORDERMESH_PAYMENT_TIMEOUT_MS ?? '60000',
      fulfillmentTimeoutMs: env.ORDERMESH_FULFILLMENT_TIMEOUT_MS ?? '30000',
      shutdownGraceMs: env.ORDERMESH_SHUTDOWN_GRACE_MS ?? '10000',
      topology: env.ORDERMESH_TOPOLOGY ?? '',
      logLevel: env.ORDERMESH_LOG_LEVEL ?? 'info',
    },
    NAMES,
  );
  const otelEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_')));
  return { ...c, databaseUrl: c.databaseUrl, advertiseAddress: c.advertiseAddress, metricsPort: c.metricsPort, otelEnv, security: loadSecurityConfig('warehouse', flags, env) };
}
