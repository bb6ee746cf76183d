import { z } from 'zod';
import { commaList, etcdEndpointsSchema, int, logLevelSchema, parseConfig } from '#lib/config/index.js';
import { loadSecurityConfig, type SecurityConfig, type SecurityFlags } from '#lib/security/index.js';
import { MAX_MESSAGE_BYTES } from '#lib/grpc/message-limits.js';
import { METRICS_PORT_NAME, metricsPortSchema } from '#lib/metrics/index.js';
import { LIMITS } from '#lib/orders/index.js';

/** Command-line flags of `ordermesh wms-sim` (they beat the environment). */
export interface WmsSimFlags extends SecurityFlags {
  port?: string;
  host?: string;
  metricsPort?: string;
}

/** A range of milliseconds, both ends included. */
export interface DelayRangeMs {
  minMs: number;
  maxMs: number;
}

/** wms-sim's validated configuration. */
export interface WmsSimConfig {
  host: string;
  port: number;
  /** Port of the Prometheus endpoint (on `host`); undefined: none, 0: any free port. */
  metricsPort: number | undefined;
  /**
   * etcd client URLs: wms-sim registers under `services/wms-sim/` there (address and metrics
   * address, on a lease) so `ordermesh status` lists it; empty: it registers nowhere.
   */
  etcdEndpoints: string[];
  /** Keyspace prefix in etcd. */
  etcdPrefix: string;
  /** host:port other processes reach wms-sim at, as registered; undefined: host and the bound port. */
  advertiseAddress: string | undefined;
  /** host:port of the ordermesh gateway: ReportShipment, GetStock and SetStock go there. */
  gatewayAddress: string;
  /** Share of ShipOrder calls answered UNAVAILABLE on purpose (0..1), so senders' retries are exercised. */
  failureRate: number;
  /** Simulated pick-and-pack time between accepting an order and reporting it SHIPPED. */
  pickDelayMs: DelayRangeMs;
  /** Catalogue size: skus `SKU-0001` ... */
  skuCount: number;
  /** Warehouses the catalogue stocks, e.g. HCM-01. */
  warehouses: string[];
  /** Units of every sku a warehouse gets when it does not stock that sku yet. */
  initialStock: number;
  /** Pause between restock rounds; 0 turns restocking off. */
  restockIntervalMs: number;
  /** A sku whose available units at a warehouse fall below this is restocked. */
  restockBelow: number;
  /** Units one restock adds. */
  restockUnits: number;
  /** Seed of the catalogue's prices: the same seed gives the same prices. */
  seed: number;
  /**
   * How long one SHIPPED report keeps being retried before wms-sim gives up on it; 0 (the
   * default): until ordermesh acknowledges it or wms-sim stops.
   */
  reportRetryMs: number;
  /** Deadline of each call wms-sim makes to the gateway. */
  callTimeoutMs: number;
  /** How long pending reports may finish at shutdown. */
  shutdownGraceMs: number;
  /** Largest request accepted (and sent to the gateway), bytes; default the shared 1 MiB. */
  maxMessageBytes: number;
  logLevel: string;
  /** The OTEL_* variables, for lib/telemetry. */
  otelEnv: Record<string, string | undefined>;
  /** TLS files, policy and token keys (lib/security); undefined: plaintext. */
  security?: SecurityConfig;
}

const NAMES: Record<string, string> = {
  host: '--host / ORDERMESH_HOST',
  port: '--port / ORDERMESH_PORT',
  metricsPort: METRICS_PORT_NAME,
  etcdEndpoints: 'ORDERMESH_ETCD_ENDPOINTS',
  etcdPrefix: 'ORDERMESH_ETCD_PREFIX',
  advertiseAddress: 'ORDERMESH_ADVERTISE_ADDRESS',
  gatewayAddress: 'ORDERMESH_GATEWAY',
  failureRate: 'ORDERMESH_WMS_FAILURE_RATE',
  pickDelayMs: 'ORDERMESH_WMS_PICK_DELAY_MS',
  skuCount: 'ORDERMESH_WMS_SKUS',
  warehouses: 'ORDERMESH_WMS_WAREHOUSES',
  initialStock: 'ORDERMESH_WMS_INITIAL_STOCK',
  restockIntervalMs: 'ORDERMESH_WMS_RESTOCK_INTERVAL_MS',
  restockBelow: 'ORDERMESH_WMS_RESTOCK_BELOW',
  restockUnits: 'ORDERMESH_WMS_RESTOCK_UNITS',
  seed: 'ORDERMESH_WMS_SEED',
  reportRetryMs: 'ORDERMESH_WMS_REPORT_RETRY_MS',
  callTimeoutMs: 'ORDERMESH_WMS_CALL_TIMEOUT_MS',
  shutdownGraceMs: 'ORDERMESH_SHUTDOWN_GRACE_MS',
  maxMessageBytes: 'ORDERMESH_MAX_MESSAGE_BYTES',
  logLevel: 'ORDERMESH_LOG_LEVEL',
};

/** The defaults, as an operator reads them in docs/wms-sim.md. */
export const WMS_SIM_DEFAULTS = {
  port: '50071',
  gateway: '127.0.0.1:50051',
  failureRate: '0.1',
  pickDelayMs: '50-300',
  skus: '20',
  warehouses: 'HCM-01,HCM-02,HN-01,DN-01',
  initialStock: '500',
  restockIntervalMs: '10000',
  restockBelow: '100',
  restockUnits: '400',
  seed: '42',
  reportRetryMs: '0',
  callTimeoutMs: '5000',
  shutdownGraceMs: '10000',
  // Requests: the one limit of every ordermesh server. (GetReport's answer may be larger; see wms-sim.ts.)
  maxMessageBytes: String(MAX_MESSAGE_BYTES),
} as const;

const delayRange = z.string().transform((text, ctx): DelayRangeMs => {
  const match = /^\s*(\d{1,7})\s*(?:-\s*(\d{1,7})\s*)?$/.exec(text);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `'${text}' is not a range of milliseconds such as 50-300 (or one number)` });
    return z.NEVER;
  }
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  if (maxMs < minMs) {
    ctx.addIssue({ code: 'custom', message: `'${text}': the upper end must not be below the lower end` });
    return z.NEVER;
  }
  return { minMs, maxMs };
});

const warehouseList = z.string().transform((text, ctx): string[] => {
  const ids = commaList(text);
  const bad = ids.filter((id) => !LIMITS.warehouseIdPattern.test(id));
  if (ids.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one warehouse' });
  if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `${bad.map((b) => `'${b}'`).join(', ')}: each warehouse id must be <REGION>-<NAME>, e.g. HCM-01` });
  if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'must not list a warehouse twice' });
  return ids;
});

/**
 * Reads wms-sim's configuration from flags and the environment (the only reader of process.env
 * for this service), listing every problem at once.
 * @throws ConfigError listing every invalid setting.
 */
export function loadWmsSimConfig(flags: WmsSimFlags, env: NodeJS.ProcessEnv = process.env): WmsSimConfig {
  const schema = z.object({
    host: z.string().min(1),
    port: int(0, 65535),
    metricsPort: metricsPortSchema,
    etcdEndpoints: etcdEndpointsSchema({ required: false }),
    etcdPrefix: z.string().regex(/^\/.*\/$/, 'must start and end with /'),
    advertiseAddress: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port').optional(),
    gatewayAddress: z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:50051'),
    failureRate: z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
    pickDelayMs: delayRange,
    skuCount: int(1, 9999),
    warehouses: warehouseList,
    initialStock: int(0, LIMITS.maxOnHand),
    restockIntervalMs: int(0, 24 * 3600 * 1000),
    restockBelow: int(0, LIMITS.maxOnHand),
    restockUnits: int(1, LIMITS.maxOnHand),
    seed: int(0, 2 ** 31 - 1),
    reportRetryMs: int(0, 24 * 3600 * 1000),
    callTimeoutMs: int(100, 600_000),
    shutdownGraceMs: int(0, 600_000),
    maxMessageBytes: int(1024, 64 * 1024 * 1024),
    logLevel: logLevelSchema,
  });
  const d = WMS_SIM_DEFAULTS;
  const c = parseConfig(
    'wms-sim',
    schema,
    {
      host: flags.host ?? env.ORDERMESH_HOST ?? '127.0.0.1',
      port: flags.port ?? env.ORDERMESH_PORT ?? d.port,
      // '' (an empty variable) is unset, not port 0.
      metricsPort: flags.metricsPort || env.ORDERMESH_METRICS_PORT || undefined,
      etcdEndpoints: env.ORDERMESH_ETCD_ENDPOINTS ?? '',
      etcdPrefix: env.ORDERMESH_ETCD_PREFIX ?? '/ordermesh/v1/',
      advertiseAddress: env.ORDERMESH_ADVERTISE_ADDRESS || undefined,
      gatewayAddress: env.ORDERMESH_GATEWAY ?? d.gateway,
      failureRate: env.ORDERMESH_WMS_FAILURE_RATE ?? d.failureRate,
      pickDelayMs: env.ORDERMESH_WMS_PICK_DELAY_MS ?? d.pickDelayMs,
      skuCount: env.ORDERMESH_WMS_SKUS ?? d.skus,
      warehouses: env.ORDERMESH_WMS_WAREHOUSES ?? d.warehouses,
      initialStock: env.ORDERMESH_WMS_INITIAL_STOCK ?? d.initialStock,
      restockIntervalMs: env.ORDERMESH_WMS_RESTOCK_INTERVAL_MS ?? d.restockIntervalMs,
      restockBelow: env.ORDERMESH_WMS_RESTOCK_BELOW ?? d.restockBelow,
      restockUnits: env.ORDERMESH_WMS_RESTOCK_UNITS ?? d.restockUnits,
      seed: env.ORDERMESH_WMS_SEED ?? d.seed,
      reportRetryMs: env.ORDERMESH_WMS_REPORT_RETRY_MS ?? d.reportRetryMs,
      callTimeoutMs: env.ORDERMESH_WMS_CALL_TIMEOUT_MS ?? d.callTimeoutMs,
      shutdownGraceMs: env.ORDERMESH_SHUTDOWN_GRACE_MS ?? d.shutdownGraceMs,
      maxMessageBytes: env.ORDERMESH_MAX_MESSAGE_BYTES ?? d.maxMessageBytes,
      logLevel: env.ORDERMESH_LOG_LEVEL ?? 'info',
    },
    NAMES,
  );
  const otelEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_')));
  return { ...c, metricsPort: c.metricsPort, advertiseAddress: c.advertiseAddress, otelEnv, security: loadSecurityConfig('wms-sim', flags, env) };
}
