import { z } from 'zod';
import { ConfigError, int, parseConfig, pick } from '#lib/config/index.js';
import { loadSecurityConfig, securityFlags, type SecurityConfig } from '#lib/security/index.js';
import { SimulationOptionsError } from './errors.js';
import { resolveSimulationOptions, type ResolvedSimulationOptions } from './options.js';

/** Command-line flags of `ordermesh ecom-sim`, as node:util parseArgs gives them (they beat the environment). */
export type EcomSimFlags = Record<string, string | boolean | undefined>;

/** ecom-sim's validated configuration. */
export interface EcomSimConfig {
  /** What to simulate, every default applied (the seed is fixed here, so it can be reported). */
  simulation: ResolvedSimulationOptions;
  /** Where to write one row per request; undefined for no CSV. */
  csvPath: string | undefined;
  /** Print the summary as one JSON object on stdout (progress goes to stderr). */
  json: boolean;
  otelEnv: Record<string, string | undefined>;
  /** TLS files (lib/security): ecom-sim calls the gateway with mutual TLS when they are set. */
  security?: SecurityConfig;
}

const NAMES: Record<string, string> = {
  target: '--target / ORDERMESH_GATEWAY',
  orders: '--orders / ORDERMESH_ECOM_ORDERS',
  concurrency: '--concurrency / ORDERMESH_ECOM_CONCURRENCY',
  connections: '--connections / ORDERMESH_ECOM_CONNECTIONS',
  rate: '--rate / ORDERMESH_ECOM_RATE',
  duration: '--duration / ORDERMESH_ECOM_DURATION_S',
  paymentDelayMs: '--payment-delay-ms / ORDERMESH_ECOM_PAYMENT_DELAY_MS',
  paymentFailureRate: '--payment-failure-rate / ORDERMESH_ECOM_PAYMENT_FAILURE_RATE',
  settleTimeoutMs: '--settle-timeout-ms / ORDERMESH_ECOM_SETTLE_TIMEOUT_MS',
  pollIntervalMs: 'ORDERMESH_ECOM_POLL_INTERVAL_MS',
  catalogueTimeoutMs: 'ORDERMESH_ECOM_CATALOGUE_TIMEOUT_MS',
  seed: '--seed / ORDERMESH_ECOM_SEED',
  csv: '--csv',
  json: '--json',
};

/** host:port, with an IPv6 host in brackets. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;
const MAX_DELAY_MS = 600_000;

const positive = (max: number) => z.coerce.number().positive('must be above 0').max(max, `must be at most ${max}`);

/** `A-B` (or `A`) in ms → [A, B]. */
const delayRange = z
  .string()
  .trim()
  .regex(/^\d+(\s*-\s*\d+)?$/, 'must be a range of whole ms such as 50-500 (or one number)')
  .transform((v) => {
    const [a = 0, b = a] = v.split('-').map((part) => Number(part.trim()));
    return [a, b] as [number, number];
  })
  .refine(([a, b]) => a <= b, 'the lower bound must not exceed the upper one')
  .refine(([, b]) => b <= MAX_DELAY_MS, `must be at most ${MAX_DELAY_MS} ms`);

/**
 * Reads ecom-sim's configuration from flags and the environment (the only reader of process.env
 * for ecom-sim), listing every problem at once. With neither --orders nor --duration it places
 * 100 orders; with --duration only, as many as fit.
 * Thrown by: ConfigError listing every invalid setting.
 */
export function loadEcomSimConfig(flags: EcomSimFlags, env: NodeJS.ProcessEnv = process.env): EcomSimConfig {
  const flag = (name: string): string | undefined => (typeof flags[name] === 'string' ? flags[name] : undefined);
  const schema = z.object({
    target: z.string().trim().regex(HOST_PORT, 'must be host:port, e.g. 127.0.0.1:50051'),
    orders: int(1, 10_000_000).optional(),
    concurrency: int(1, 10_000),
    connections: int(1, 1_000),
    rate: positive(1_000_000).optional(),
    duration: positive(7 * 24 * 3600).optional(),
    paymentDelayMs: delayRange,
    paymentFailureRate: z.coerce.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1'),
    settleTimeoutMs: int(0, 3_600_000),
    pollIntervalMs: int(10, 60_000),
    catalogueTimeoutMs: int(0, 3_600_000),
    seed: int(0, 0xffffffff).optional(),
    csv: z.string().min(1, 'must name a file').optional(),
    json: z.boolean(),
  });
  const c = parseConfig(
    'ecom-sim',
    schema,
    {
      target: pick(flag('target'), env.ORDERMESH_GATEWAY, '127.0.0.1:50051'),
      orders: pick(flag('orders'), env.ORDERMESH_ECOM_ORDERS),
      concurrency: pick(flag('concurrency'), env.ORDERMESH_ECOM_CONCURRENCY, '10'),
      connections: pick(flag('connections'), env.ORDERMESH_ECOM_CONNECTIONS, '1'),
      rate: pick(flag('rate'), env.ORDERMESH_ECOM_RATE),
      duration: pick(flag('duration'), env.ORDERMESH_ECOM_DURATION_S),
      paymentDelayMs: pick(flag('payment-delay-ms'), env.ORDERMESH_ECOM_PAYMENT_DELAY_MS, '50-500'),
      paymentFailureRate: pick(flag('payment-failure-rate'), env.ORDERMESH_ECOM_PAYMENT_FAILURE_RATE, '0.1'),
      settleTimeoutMs: pick(flag('settle-timeout-ms'), env.ORDERMESH_ECOM_SETTLE_TIMEOUT_MS, '60000'),
      pollIntervalMs: pick(env.ORDERMESH_ECOM_POLL_INTERVAL_MS, '250'),
      catalogueTimeoutMs: pick(env.ORDERMESH_ECOM_CATALOGUE_TIMEOUT_MS, '30000'),
      seed: pick(flag('seed'), env.ORDERMESH_ECOM_SEED),
      csv: flags.csv === undefined ? undefined : String(flags.csv),
      json: flags.json === true,
    },
    NAMES,
  );
  let simulation: ResolvedSimulationOptions;
  try {
    simulation = resolveSimulationOptions({
      target: c.target,
      ...(c.orders !== undefined ? { orders: c.orders } : {}),
      concurrency: c.concurrency,
      connections: c.connections,
      ...(c.rate !== undefined ? { ratePerS: c.rate } : {}),
      ...(c.duration !== undefined ? { durationS: c.duration } : {}),
      paymentDelayMs: c.paymentDelayMs,
      paymentFailureRate: c.paymentFailureRate,
      settleTimeoutMs: c.settleTimeoutMs,
      pollIntervalMs: c.pollIntervalMs,
      catalogueTimeoutMs: c.catalogueTimeoutMs,
      ...(c.seed !== undefined ? { seed: c.seed } : {}),
    });
  } catch (err) {
    if (err instanceof SimulationOptionsError) throw new ConfigError([`${NAMES[err.option] ?? err.option}: ${err.problem}`], 'ecom-sim');
    throw err;
  }
  const otelEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('OTEL_')));
  return { simulation, csvPath: c.csv, json: c.json, otelEnv, security: loadSecurityConfig('ecom-sim', securityFlags(flags), env) };
}
