import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OrdermeshError } from '../errors/index.js';
import { goToolPath, repoRoot, sleep } from '../runtime/index.js';

/** The ports of a Jaeger all-in-one: OTLP receivers and the query service (UI and HTTP API). */
export interface JaegerPorts {
  otlpGrpc: number;
  otlpHttp: number;
  /** The UI and the HTTP API (/api/traces, /api/services). */
  query: number;
  /** The query service's gRPC API (api_v2/api_v3). */
  queryGrpc: number;
}

/** Jaeger's own default ports (4317, 4318, 16686, 16685), the ones `ordermesh dev --jaeger` uses. */
export const JAEGER_DEFAULT_PORTS: Readonly<JaegerPorts> = { otlpGrpc: 4317, otlpHttp: 4318, query: 16686, queryGrpc: 16685 };

/** Options of {@link startJaeger}. */
export interface JaegerOptions {
  /** The jaeger binary; default the one scripts/go-tools.mjs built ({@link jaegerBinary}). */
  binary?: string;
  host?: string;
  ports: JaegerPorts;
  /** Where Jaeger's own output goes; default: kept in memory (the last lines, for errors). */
  logFile?: string;
  /** How long to wait for the query API to answer; default 60 s. */
  startTimeoutMs?: number;
}

/** A running Jaeger. */
export interface JaegerServer {
  readonly pid: number;
  /** http://host:query, the UI; the HTTP API is under /api. */
  readonly uiUrl: string;
  /** OTLP/gRPC receiver, e.g. http://127.0.0.1:4317. */
  readonly otlpGrpcEndpoint: string;
  /** OTLP/HTTP receiver, e.g. http://127.0.0.1:4318. */
  readonly otlpHttpEndpoint: string;
  /** Resolves with the exit code or signal once it has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Thrown by {@link startJaeger} when Jaeger exits or does not answer in time; carries its last output. */
export class JaegerStartError extends OrdermeshError {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}${output ? `\n${output}` : ''}`);
  }
}

/** The jaeger binary scripts/go-tools.mjs builds into .tools/bin, or undefined when it is not built. */
export function jaegerBinary(): string | undefined {
  return goToolPath('jaeger');
}

/** The configuration file the all-in-one runs with (in-memory storage, ports from the environment). */
export function jaegerConfigFile(): string {
  return join(repoRoot(), 'tools', 'jaeger', 'jaeger.yaml');
}

/**
 * Starts Jaeger v2 all-in-one (in-memory storage, OTLP gRPC and HTTP receivers, the query
 * service) as a child process and resolves once its query API answers. The child is killed when
 * this process exits.
 * @throws JaegerStartError when no binary is built, Jaeger exits at start (a port taken), or it
 * does not answer within the timeout.
 */
export async function startJaeger(options: JaegerOptions): Promise<JaegerServer> {
  const binary = options.binary ?? jaegerBinary();
  if (!binary) throw new JaegerStartError('Jaeger is not built: install Go, then `node scripts/go-tools.mjs` builds it into .tools/bin', '');
  const host = options.host ?? '127.0.0.1';
  const { ports } = options;
  const child = spawn(binary, ['--config', jaegerConfigFile()], {
    env: {
      ...process.env,
      ORDERMESH_JAEGER_HOST: host,
      ORDERMESH_JAEGER_OTLP_GRPC_PORT: String(ports.otlpGrpc),
      ORDERMESH_JAEGER_OTLP_HTTP_PORT: String(ports.otlpHttp),
      ORDERMESH_JAEGER_QUERY_PORT: String(ports.query),
      ORDERMESH_JAEGER_QUERY_GRPC_PORT: String(ports.queryGrpc),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('exit', () => log.end());
  }
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let exitCode: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      process.off('exit', killOnExit);
      exitCode = code ?? signal ?? 'unknown';
      resolve(exitCode);
    }),
  );
  const stop = async (graceMs = 5_000): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const uiUrl = `http://${host}:${ports.query}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) throw new JaegerStartError(`Jaeger exited (${exitCode}) at start; is one of ports ${Object.values(ports).join(', ')} taken?`, tail);
    try {
      const res = await fetch(`${uiUrl}/api/services`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new JaegerStartError(`Jaeger did not answer on ${uiUrl} in time`, tail);
    }
    await sleep(200);
  }
  return {
    pid: child.pid ?? -1,
    uiUrl,
    otlpGrpcEndpoint: `http://${host}:${ports.otlpGrpc}`,
    otlpHttpEndpoint: `http://${host}:${ports.otlpHttp}`,
    exited,
    stop,
  };
}
