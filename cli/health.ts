import * as grpc from '@grpc/grpc-js';
// Straight from the one file rather than lib/grpc/index.js: this runs as a container health check
// every few seconds, and the index loads the whole server stack (about 0.4 s of CPU instead of 0.15).
import { checkHealth, type HealthAnswer } from '#lib/grpc/health-client.js';
import { UsageError } from './commands.js';

/** What `ordermesh health` asks. */
export interface HealthOptions {
  /** host:port of any ordermesh server (gateway, warehouse node, wms-sim). */
  target: string;
  /** grpc.health.v1 service name; '' asks about the whole server. */
  service: string;
  /** How long to wait for the answer, connecting included. */
  timeoutMs: number;
  /** The TLS flags (--tls-cert, --tls-key, --tls-ca); ORDERMESH_TLS_* when absent. */
  tls?: { tlsCert?: string | undefined; tlsKey?: string | undefined; tlsCa?: string | undefined };
}

/** Where {@link runHealth} writes its one line. */
export interface HealthIo {
  stdout: { write(text: string): unknown };
}

/** Exit status of `ordermesh health`. */
export const HEALTH_EXIT = {
  /** The server answered SERVING. */
  serving: 0,
  /** It answered anything else (NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN) or could not be reached. */
  notServing: 1,
} as const;

const DEFAULT_TARGET = '127.0.0.1:50051';
const DEFAULT_TIMEOUT_MS = 2_000;
/** host:port, with an IPv6 host in brackets. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/**
 * Reads `ordermesh health`'s flags.
 * Thrown by: UsageError naming the flag when --target is not host:port or --timeout-ms is not a
 * whole number of ms from 1 to 600000.
 */
export function healthOptions(flags: Record<string, string | boolean | undefined>): HealthOptions {
  const target = typeof flags.target === 'string' ? flags.target.trim() : DEFAULT_TARGET;
  const port = HOST_PORT.exec(target)?.[2];
  if (port === undefined || Number(port) < 1 || Number(port) > 65535) {
    throw new UsageError(`--target: '${target}' is not host:port, e.g. 127.0.0.1:50051`);
  }
  const rawTimeout = typeof flags['timeout-ms'] === 'string' ? flags['timeout-ms'].trim() : String(DEFAULT_TIMEOUT_MS);
  const timeoutMs = Number(rawTimeout);
  if (!/^\d+$/.test(rawTimeout) || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new UsageError(`--timeout-ms: '${rawTimeout}' must be a whole number of milliseconds from 1 to 600000`);
  }
  const service = typeof flags.service === 'string' ? flags.service : '';
  const text = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const tls = { tlsCert: text(flags['tls-cert']), tlsKey: text(flags['tls-key']), tlsCa: text(flags['tls-ca']) };
  // Only when given: without TLS flags the options are what they always were (ORDERMESH_TLS_* may still apply).
  return { target, service, timeoutMs, ...(tls.tlsCert || tls.tlsKey || tls.tlsCa ? { tls } : {}) };
}

/**
 * Mutual TLS credentials when TLS files are given (flags or ORDERMESH_TLS_*), else undefined
 * (plaintext). lib/security is loaded only then: the plaintext probe stays as light as it was.
 */
async function credentialsFor(options: HealthOptions): Promise<grpc.ChannelCredentials | undefined> {
  const env = process.env;
  const tls = options.tls ?? {};
  if (!tls.tlsCert && !env.ORDERMESH_TLS_CERT) return undefined;
  const security = await import('#lib/security/index.js');
  const config = security.loadSecurityConfig('health', tls, env);
  if (!config.tls) return undefined;
  return security.meshChannelCredentials(new security.CertificateFiles(config.tls));
}

/**
 * Asks `target` for its grpc.health.v1 status and prints one line (`127.0.0.1:50061 SERVING`).
 * Returns the exit status: 0 when SERVING, 1 otherwise (unreachable included). Never throws.
 */
export async function runHealth(options: HealthOptions, io: HealthIo): Promise<number> {
  const answer: HealthAnswer = await checkHealth(options.target, options.service, options.timeoutMs, await credentialsFor(options));
  const what = options.service ? `${options.target} ${options.service}` : options.target;
  io.stdout.write(`${what} ${answer}\n`);
  return answer === 'SERVING' ? HEALTH_EXIT.serving : HEALTH_EXIT.notServing;
}

/**
 * `ordermesh health [--target HOST:PORT] [--service NAME] [--timeout-ms MS]`: a health probe
 * for container health checks and scripts (no grpcurl needed). Exit status 0 when the server
 * says SERVING, 1 when it says anything else or cannot be reached, 2 for bad flags.
 * Thrown by: UsageError for bad flags (the CLI prints it and exits 2).
 */
export async function healthMain(flags: Record<string, string | boolean | undefined>): Promise<void> {
  process.exitCode = await runHealth(healthOptions(flags), { stdout: process.stdout });
}
