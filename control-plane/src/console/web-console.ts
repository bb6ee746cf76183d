import type { Etcd3 } from 'etcd3';
import type { CallStats } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import { waitForAbort } from '#lib/runtime/index.js';
import { drainNode, NodeDirectory } from '../admin/index.js';
import type { Gateway } from '../gateway/index.js';
import type { ConsoleSecurity } from './console-access.js';
import { ConsoleFeed } from './console-feed.js';
import { ConsoleServer } from './console-server.js';
import { lookUpOrder } from './order-lookup.js';
import { orderView } from './order-view.js';

/** Options of {@link WebConsole}. */
export interface WebConsoleOptions {
  client: Etcd3;
  prefix: string;
  gateway: Gateway;
  /** The gRPC server's call stats (the gateway's per-RPC traffic). */
  stats: CallStats;
  replicaId: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  jaegerUiUrl: string;
  log?: Logger;
  /** Time between snapshots; default 1 000 ms. */
  intervalMs?: number;
  /** The mesh's security: HTTPS with client certificates and roles; undefined serves plain HTTP. */
  security?: ConsoleSecurity | undefined;
}

/**
 * The control plane's web console: a {@link ConsoleFeed} gathering the cluster's state once a
 * second and a {@link ConsoleServer} serving the page, its event stream, order search and the
 * drain button.
 */
export class WebConsole {
  private readonly feed: ConsoleFeed;
  private readonly server: ConsoleServer;
  private readonly log: Logger;

  constructor(private readonly options: WebConsoleOptions) {
    this.log = (options.log ?? silentLogger()).child({ component: 'console' });
    const { client, prefix, gateway } = options;
    this.feed = new ConsoleFeed({ ...options, log: this.log });
    const directory = new NodeDirectory(client, prefix);
    this.server = new ConsoleServer({
      log: this.log,
      security: options.security,
      actions: {
        snapshot: () => this.feed.snapshot,
        subscribe: (listener) => this.feed.subscribe(listener),
        order: async (orderId, signal) => {
          const { order, events } = await lookUpOrder(gateway, orderId, { deadline: Date.now() + 5_000, signal });
          return orderView(order, events, options.jaegerUiUrl);
        },
        drain: (nodeId, signal) => drainNode({ client, prefix, directory, source: gateway.source }, nodeId, signal),
      },
    });
  }

  /** 'https' behind the mesh's TLS, else 'http'. */
  get scheme(): 'http' | 'https' {
    return this.server.scheme;
  }

  /**
   * Binds the console's port; resolves with it (the caller prints it).
   * Thrown by: Error naming the address when the port is taken.
   */
  listen(): Promise<number> {
    return this.server.listen(this.options.host, this.options.port);
  }

  /** Gathers snapshots until `signal` aborts, then closes the server and its event streams. */
  async start(signal: AbortSignal): Promise<void> {
    const feedRun = this.feed.start(signal);
    try {
      await waitForAbort(signal);
    } finally {
      await feedRun.catch((err: unknown) => this.log.error({ err }, 'console feed stopped on error'));
      await this.server.close();
    }
  }
}
