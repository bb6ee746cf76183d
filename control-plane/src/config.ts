import { hostname } from 'node:os';
import { z } from 'zod';
import { etcdEndpointsSchema, int, logLevelSchema, parseConfig } from '#lib/config/index.js';
import { loadSecurityConfig, type SecurityConfig, type SecurityFlags } from '#lib/security/index.js';
import { MAX_MESSAGE_BYTES } from '#lib/grpc/message-limits.js';
import { METRICS_PORT_NAME, metricsPortSchema } from '#lib/metrics/index.js';

/** Command-line flags of `ordermesh control-plane` (they beat the environment). */
export interface ControlPlaneFlags extends SecurityFlags {
  port?: string;
  host?: string;
  metricsPort?: string;
  /** `--console-port`: the web console's HTTP port ('0': a free one; 'off': none). */
  consolePort?: string;
  /** `--jaeger-ui-url`: where the console links an order's trace. */
  jaegerUiUrl?: string;
}

/** A control-plane replica's validated configuration. */
export interface ControlPlaneConfig {
  /** This replica's name: the election value and the assignment's `leader`. */
  replicaId: string;
  host: string;
  port: number;
  /** Port of the Prometheus endpoint (on `host`); undefined: none, 0: any free port. */
  metricsPort: number | undefined;
  etcdEndpoints: string[];
  etcdPrefix: string;
  /** Lease TTL of the leader's election key: a killed leader is replaced within it. */
  electionTtlS: number;
  /** Deadline the gateway gives a call whose caller set none. */
  defaultDeadlineMs: number;
  maxMessageBytes: number;
  shutdownGraceMs: number;
  /** The web console's HTTP port on `host` (0: a free one), or undefined when it is off. */
  consolePort: number | undefined;
  /** Jaeger UI base URL; the console links `${jaegerUiUrl}/trace/<trace id>`. */
  jaegerUiUrl: string;
  logLevel: string;
  otelEnv: Record<string, string | undefined>;
  /** TLS files, policy and token keys (lib/security); undefined: plaintext. */
  security?: SecurityConfig;
}

/** The web console's port when none is configured (docs/configuration.md, docs/console.md). */
export const DEFAULT_CONSOLE_PORT = 8080;

const NAMES: Record<string, string> = {
  replicaId: 'ORDERMESH_REPLICA_ID',
  host: '--host / ORDERMESH_HOST',
  port: '--port / ORDERMESH_PORT',
  metricsPort: METRICS_PORT_NAME,
  etcdEndpoints: 'ORDERMESH_ETCD_ENDPOINTS',
  etcdPrefix: 'ORDERMESH_ETCD_PREFIX',
  electionTtlS: 'ORDERMESH_ELECTION_TTL_S',
  defaultDeadlineMs: 'ORDERMESH_GATEWAY_DEADLINE_MS',
  maxMessageBytes: 'ORDERMESH_MAX_MESSAGE_BYTES',
  shutdownGraceMs: 'ORDERMESH_SHUTDOWN_GRACE_MS',
  consolePort: '--console-port / ORDERMESH_CONSOLE_PORT',
  jaegerUiUrl: '--jaeger-ui-url / ORDERMESH_JAEGER_UI_URL',
  logLevel: 'ORDERMESH_LOG_LEVEL',
};

/**
 * Reads a control-plane replica's configuration from flags and the environment (the only reader
 * of process.env for this service), listing every problem at once.
 * @throws ConfigError listing every invalid setting.
 */
export function loadControlPlaneConfig(flags: ControlPlaneFlags, env: NodeJS.ProcessEnv = process.env): ControlPlaneConfig {
  const schema = z.object({
    replicaId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1 to 63 letters, digits, ., _ or -'),
    host: z.string().min(1),
    port: int(0, 65535),
    metricsPort: metricsPortSchema,
    etcdEndpoints: etcdEndpointsSchema({ required: true }),
    etcdPrefix: z.string().regex(/^\/.*\/$/, 'must start and end with /'),
    electionTtlS: int(1, 60),
    defaultDeadlineMs: int(100, 600_000),
    maxMessageBytes: int(1024, 64 * 1024 * 1024),
    shutdownGraceMs: int(0, 600_000),
    consolePort: z
      .string()
      .trim()
      .refine((v) => v === 'off' || /^\d+$/.test(v), 'must be a port number (0 picks a free one) or off')
      .transform((v) => (v === 'off' ? undefined : Number(v)))
      .pipe(z.number().max(65535, 'must be at most 65535').optional()),
    jaegerUiUrl: z
      .string()
      .url('must be a URL such as http://127.0.0.1:16686')
      .transform((u) => u.replace(/\/+$/, '')),
    logLevel: logLevelSchema,
  });
  const c = parseConfig(
    'control-plane',
    schema,
    {
      replicaId: env.ORDERMESH_REPLICA_ID ?? `cp-${hostname().replace(/[^A-Za-z0-9._-]/g, '')}-${process.pid}`.slice(0, 63),
      host: flags.host ?? env.ORDERMESH_HOST ?? '127.0.0.1',
      port: flags.port ?? env.ORDERMESH_PORT ?? '50051',
      // '' (an empty variable) is unset, not port 0.
      metricsPort: flags.metricsPort || env.ORDERMESH_METRICS_PORT || undefined,
      etcdEndpoints: env.ORDERMESH_ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379',
      etcdPrefix: env.ORDERMESH_ETCD_PREFIX ?? '/ordermesh/v1/',
      electionTtlS: env.ORDERMESH_ELECTION_TTL_S ?? '2',
      defaultDeadlineMs: env.ORDERMESH_GATEWAY_DEADLINE_MS ?? '10000',
      maxMessageBytes: env.ORDERMESH_MAX_MESSAGE_BYTES ?? String(MAX_MESSAGE_BYTES),
      shutdownGraceMs: env.ORDERMESH_SHUTDOWN_GRACE_MS ?? '10000',
      consolePort: flags.consolePort ?? env.ORDERMESH_CONSOLE_PORT ?? String(DEFAULT_CONSOLE_PORT),
      jaegerUiUrl: flags.jaegerUiUrl ?? env.ORDERMESH_JAEGER_UI_URL ?? 'http://127.0.0.1:16686',
      logLevel: env.ORDERMESH_LOG_LEVEL ?? 'info',
    },
    NAMES,
  );
  const otelEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_')));
  return { ...c, metricsPort: c.metricsPort, consolePort: c.consolePort, otelEnv, security: loadSecurityConfig('control-plane', flags, env) };
}
