import { GrpcServer } from '#lib/grpc/index.js';
import type { Logger } from '#lib/logging/index.js';
import { createMetricsRegistry, serveMetrics, type MetricsRegistry } from '#lib/metrics/index.js';
import { createEtcdClient } from '#lib/membership/index.js';
import { openMeshSecurity, PLAINTEXT } from '#lib/security/index.js';
import { loadOrdermesh, reflectionDefinition } from '#lib/proto/index.js';
import { waitForAbort } from '#lib/runtime/index.js';
import { controlPlaneServiceHandlers } from './admin/index.js';
import { registerControlPlaneMetrics } from './control-plane-metrics.js';
import type { ControlPlaneConfig } from './config.js';
import { WebConsole } from './console/index.js';
import { AssignmentController } from './controller/index.js';
import { Gateway } from './gateway/index.js';

/** Where a started replica listens. */
export interface ControlPlaneReady {
  port: number;
  address: string;
  /** host:port of the Prometheus endpoint ('' when it serves none). */
  metricsAddress: string;
  /** The web console's URL, undefined when it is off. */
  consoleUrl: string | undefined;
}

/**
 * One control-plane replica: the assignment controller (acting only while it leads), the
 * gateway (OrderService, PaymentService, InventoryService routed to the owning node) and the
 * admin ControlPlaneService, on one gRPC server with health and reflection.
 *
 * Health is SERVING once the replica has read an assignment (it can route). Shutdown order:
 * NOT_SERVING → drain gRPC → stop the controller (it resigns, so another replica leads at once)
 * → stop the gateway's watchers and channels → close the etcd client.
 */
export class ControlPlane {
  private resolveReady!: (ready: ControlPlaneReady) => void;
  /** The replica's metrics (served at /metrics when a metrics port is configured). */
  readonly metrics: MetricsRegistry = createMetricsRegistry();
  /** Resolves once the replica listens. */
  readonly ready: Promise<ControlPlaneReady>;

  constructor(
    private readonly config: ControlPlaneConfig,
    private readonly log: Logger,
  ) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  /** Runs the replica until `signal` aborts, then stops in order. */
  async start(signal: AbortSignal): Promise<void> {
    const { config, log } = this;
    const security = openMeshSecurity(config.security ?? PLAINTEXT, { log, serves: true });
    const client = createEtcdClient({ endpoints: config.etcdEndpoints, tls: security.pem() });
    let metricsAddress = '';
    const server = new GrpcServer({ log, definition: reflectionDefinition(), maxMessageBytes: config.maxMessageBytes, metrics: this.metrics, security: security.server });
    const gateway = new Gateway({
      client,
      prefix: config.etcdPrefix,
      log,
      defaultDeadlineMs: config.defaultDeadlineMs,
      maxMessageBytes: config.maxMessageBytes,
      credentials: security.channel,
    });
    const controller = new AssignmentController({
      client,
      prefix: config.etcdPrefix,
      identity: config.replicaId,
      electionTtlSeconds: config.electionTtlS,
      log,
    });
    gateway.registerOn(server);
    registerControlPlaneMetrics(this.metrics, { gateway, isLeader: () => controller.isLeader });
    const v1 = loadOrdermesh().proto.ordermesh.v1;
    server.addService({
      name: 'ordermesh.v1.ControlPlaneService',
      definition: v1.ControlPlaneService.service,
      handlers: controlPlaneServiceHandlers({
        env: { log, stats: server.stats },
        client,
        prefix: config.etcdPrefix,
        gateway,
        leader: () => controller.leader({ timeoutMs: 1_000 }),
        metricsAddress: () => metricsAddress,
      }),
    });

    const webConsole =
      config.consolePort === undefined
        ? undefined
        : new WebConsole({
            client,
            prefix: config.etcdPrefix,
            gateway,
            stats: server.stats,
            replicaId: config.replicaId,
            host: config.host,
            port: config.consolePort,
            jaegerUiUrl: config.jaegerUiUrl,
            log,
            security: security.server ? { authorizer: security.server.authorizer, pem: () => security.pem() } : undefined,
          });

    const gatewayStop = new AbortController();
    const controllerStop = new AbortController();
    const consoleStop = new AbortController();
    const gatewayRun = gateway.start(gatewayStop.signal);
    const controllerRun = controller.start(controllerStop.signal);
    let metricsServer: Awaited<ReturnType<typeof serveMetrics>>;
    let consoleRun: Promise<void> | undefined;
    try {
      metricsServer = await serveMetrics({ registry: this.metrics, log, host: config.host, port: config.metricsPort });
      metricsAddress = metricsServer?.address ?? '';
      const port = await server.listen(config.host, config.port);
      const address = `${config.host}:${port}`;
      let consoleUrl: string | undefined;
      if (webConsole) {
        const consolePort = await webConsole.listen();
        consoleUrl = `${webConsole.scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${consolePort}/`;
        consoleRun = webConsole.start(consoleStop.signal);
      }
      log.info({ address, replicaId: config.replicaId, consoleUrl }, 'control plane listening');
      this.resolveReady({ port, address, metricsAddress: metricsServer?.address ?? '', consoleUrl });
      gateway
        .whenReady(signal)
        .then((router) => {
          log.info({ epoch: router.epoch }, 'first assignment read; serving');
          server.setServing(true);
        })
        .catch(() => undefined);
      await waitForAbort(signal);
      log.info('draining');
      await server.shutdown(config.shutdownGraceMs);
    } finally {
      consoleStop.abort();
      await consoleRun?.catch((err: unknown) => log.error({ err }, 'console stopped on error'));
      controllerStop.abort();
      await controllerRun.catch((err: unknown) => log.error({ err }, 'controller stopped on error'));
      gatewayStop.abort();
      await gatewayRun.catch((err: unknown) => log.error({ err }, 'gateway stopped on error'));
      client.close();
      await metricsServer?.close();
      security.close();
      log.info('stopped');
    }
  }
}
