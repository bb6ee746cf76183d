import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/index.js';
import type { MetricsRegistry } from './registry.js';

/** Options of {@link MetricsServer}. */
export interface MetricsServerOptions {
  registry: MetricsRegistry;
  log: Logger;
}

/**
 * Serves a registry in the Prometheus text format at `GET /metrics` (prom-client writes the
 * exposition; nothing here formats it). Every other path is 404. Plain HTTP on its own port,
 * apart from gRPC, as Prometheus scrapes it.
 */
export class MetricsServer {
  private readonly server: Server;
  private boundAddress = '';

  constructor(private readonly options: MetricsServerOptions) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end('only GET /metrics is served here\n');
        return;
      }
      if (path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
        return;
      }
      this.options.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.options.registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
        (err: unknown) => {
          this.options.log.error({ err }, 'metrics collection failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed; see the process log\n');
        },
      );
    });
    // Scrapes are short; an idle keep-alive socket must not hold shutdown.
    this.server.keepAliveTimeout = 5_000;
  }

  /**
   * Listens on `host:port` (0: any free port) and returns the bound port.
   * @throws Error naming the address when it cannot be bound.
   */
  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(new Error(`cannot serve metrics on ${host}:${port}: ${err.message}`, { cause: err }));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const bound = (this.server.address() as AddressInfo).port;
    this.boundAddress = `${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${bound}`;
    this.options.log.info({ url: this.url }, 'serving metrics');
    return bound;
  }

  /** host:port where it listens ('' before {@link listen}). */
  get address(): string {
    return this.boundAddress;
  }

  /** The scrape URL, `http://host:port/metrics` ('' before {@link listen}). */
  get url(): string {
    return this.boundAddress ? `http://${this.boundAddress}/metrics` : '';
  }

  /** Stops listening and closes idle connections. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}

/**
 * Starts a {@link MetricsServer} on `host:port` when a port is configured; undefined when it is
 * not (the component serves no metrics). Each service calls this once, before its gRPC server
 * listens, so a taken metrics port fails the start before the service is reachable.
 */
export async function serveMetrics(options: MetricsServerOptions & { host: string; port: number | undefined }): Promise<MetricsServer | undefined> {
  if (options.port === undefined) return undefined;
  const server = new MetricsServer(options);
  await server.listen(options.host, options.port);
  return server;
}
