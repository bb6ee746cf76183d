import { connectOrdermesh, GrpcServer, MAX_REPORT_BYTES } from '#lib/grpc/index.js';
import type { Logger } from '#lib/logging/index.js';
import { createMetricsRegistry, observedGauge, serveMetrics, type MetricsRegistry } from '#lib/metrics/index.js';
import { loadOrdermesh, reflectionDefinition } from '#lib/proto/index.js';
import { openMeshSecurity, PLAINTEXT } from '#lib/security/index.js';
import type { FulfillmentReport__Output } from '#lib/proto/index.js';
import { createEtcdClient, ServiceRegistration } from '#lib/membership/index.js';
import { anySignal, ordermeshVersion, waitForAbort } from '#lib/runtime/index.js';
import { buildCatalogue, type Catalogue } from './catalogue.js';
import { CatalogueSeeder } from './catalogue-seeder.js';
import type { WmsSimConfig } from './config.js';
import { FulfillmentLedger } from './fulfillment-ledger.js';
import { fulfillmentServiceHandlers } from './fulfillment-service.js';
import { Restocker } from './restocker.js';
import { RetryStoppedError } from './errors.js';
import { ShipmentReporter } from './shipment-reporter.js';

/** Where a started wms-sim listens. */
export interface WmsSimReady {
  port: number;
  address: string;
  /** host:port of the Prometheus endpoint ('' when it serves none). */
  metricsAddress: string;
}

/** Options of {@link WmsSim} beyond its configuration. */
export interface WmsSimOptions {
  /** Source of randomness for injected failures and pick-and-pack delays; default Math.random. */
  random?: () => number;
}

/**
 * The warehouse-management backend simulator: FulfillmentService (ShipOrder, GetReport) on a
 * gRPC server with health and reflection, reporting shipments and keeping the catalogue
 * stocked through the ordermesh gateway.
 *
 * Start: listen (health NOT_SERVING) → put the catalogue in place, waiting for the gateway →
 * SERVING → restock on a schedule. Shutdown order: NOT_SERVING and drain gRPC (no new orders) →
 * stop seeding and restocking → let pending SHIPPED reports finish for the grace period, then
 * stop them → close the gateway channel.
 */
export class WmsSim {
  private resolveReady!: (ready: WmsSimReady) => void;
  private rejectReady!: (err: unknown) => void;
  private resolveStocked!: () => void;
  private rejectStocked!: (err: unknown) => void;
  /** Resolves once the server listens. */
  readonly ready: Promise<WmsSimReady>;
  /**
   * Resolves once the catalogue is in place (health turns SERVING then); rejects when the gateway
   * refuses it for good. Stays pending when wms-sim stops before.
   */
  readonly stocked: Promise<void>;
  /** The catalogue of this configuration. */
  readonly catalogue: Catalogue;
  private readonly ledger = new FulfillmentLedger();
  /** wms-sim's metrics (served at /metrics when a metrics port is configured). */
  readonly metrics: MetricsRegistry = createMetricsRegistry();
  private reporter: ShipmentReporter | undefined;

  constructor(
    private readonly config: WmsSimConfig,
    private readonly log: Logger,
    private readonly options: WmsSimOptions = {},
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.stocked = new Promise((resolve, reject) => {
      this.resolveStocked = resolve;
      this.rejectStocked = reject;
    });
    this.stocked.catch(() => undefined);
    this.catalogue = buildCatalogue({ skuCount: config.skuCount, warehouses: config.warehouses, initialStock: config.initialStock, seed: config.seed });
  }

  /** What the simulator has done so far: the GetReport answer. */
  report(): FulfillmentReport__Output {
    return this.ledger.report();
  }

  /** SHIPPED reports being picked, packed or retried right now. */
  get pendingReports(): number {
    return this.reporter?.pending ?? 0;
  }

  /**
   * Runs until `signal` aborts, then stops in order.
   * Thrown by: Error when the port cannot be bound; CatalogueRejectedError when the gateway
   * refuses the catalogue for good (after stopping in order).
   */
  async start(signal: AbortSignal): Promise<void> {
    try {
      await this.run(signal);
    } catch (err) {
      this.rejectReady(err);
      throw err;
    }
  }

  /**
   * Keeps wms-sim registered under `services/wms-sim/wms-sim` in etcd (when etcd endpoints are
   * configured) with its address and metrics address, so `ordermesh status` and operators find
   * it, until `signal` aborts. Never rejects: etcd trouble is retried and logged, and nothing
   * wms-sim serves depends on it.
   */
  private async register(address: string, metricsPort: number | undefined, tls: { cert: Buffer; key: Buffer; ca: Buffer } | undefined, signal: AbortSignal): Promise<void> {
    const { config, log } = this;
    if (config.etcdEndpoints.length === 0) return;
    const host = address.slice(0, address.lastIndexOf(':'));
    const etcd = createEtcdClient({ endpoints: config.etcdEndpoints, ...(tls ? { tls } : {}) });
    try {
      const registration = new ServiceRegistration({
        client: etcd,
        prefix: config.etcdPrefix,
        service: { service: 'wms-sim', instance: 'wms-sim', address, version: ordermeshVersion(), ...(metricsPort ? { metricsAddress: `${host}:${metricsPort}` } : {}) },
        log,
      });
      await registration.start(signal);
    } catch (err) {
      log.error({ err }, 'cannot register in etcd; ordermesh status will not list wms-sim');
    } finally {
      etcd.close();
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { config, log } = this;
    const random = this.options.random ?? Math.random;
    const security = openMeshSecurity(config.security ?? PLAINTEXT, { log, serves: true });
    const clients = connectOrdermesh(config.gatewayAddress, { maxMessageBytes: config.maxMessageBytes, credentials: security.channel });
    // Requests stop at the shared limit; GetReport's answer (every shipment of a run, unpaged) may be larger.
    const server = new GrpcServer({ log, definition: reflectionDefinition(), maxMessageBytes: config.maxMessageBytes, maxResponseBytes: MAX_REPORT_BYTES, metrics: this.metrics, security: security.server });
    const ledger = this.ledger;
    const reporter = new ShipmentReporter({
      clients,
      log: log.child({ component: 'reporter' }),
      pickDelayMs: config.pickDelayMs,
      // 0: no budget. A report is retried until acknowledged; dropping one strands a paid order.
      retryBudgetMs: config.reportRetryMs === 0 ? Infinity : config.reportRetryMs,
      callTimeoutMs: config.callTimeoutMs,
      random,
    });
    this.reporter = reporter;
    observedGauge(this.metrics, {
      name: 'ordermesh_wms_reports_pending',
      help: 'SHIPPED reports being picked, packed or retried (not yet acknowledged by ordermesh).',
      read: () => reporter.pending,
    });
    const seeder = new CatalogueSeeder({ clients, catalogue: this.catalogue, ledger, log: log.child({ component: 'catalogue' }), callTimeoutMs: config.callTimeoutMs });
    const restocker = new Restocker({
      clients,
      catalogue: this.catalogue,
      ledger,
      log: log.child({ component: 'restocker' }),
      intervalMs: config.restockIntervalMs,
      below: config.restockBelow,
      units: config.restockUnits,
      callTimeoutMs: config.callTimeoutMs,
    });
    server.addService({
      name: 'ordermesh.v1.FulfillmentService',
      definition: loadOrdermesh().proto.ordermesh.v1.FulfillmentService.service,
      handlers: fulfillmentServiceHandlers({ env: { log, stats: server.stats }, ledger, reporter, failureRate: config.failureRate, random }),
    });

    const background = new AbortController();
    const failed = new AbortController();
    let fatal: unknown;
    let backgroundRun: Promise<void> = Promise.resolve();
    // wms-sim's registration in etcd, withdrawn first when it stops, so status stops listing it.
    const registration = new AbortController();
    let registered: Promise<void> = Promise.resolve();
    const metricsServer = await serveMetrics({ registry: this.metrics, log, host: config.host, port: config.metricsPort });
    try {
      const port = await server.listen(config.host, config.port);
      const address = `${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
      log.info({ address, gateway: config.gatewayAddress, failureRate: config.failureRate }, 'wms-sim listening');
      this.resolveReady({ port, address, metricsAddress: metricsServer?.address ?? '' });
      const metricsPort = metricsServer ? Number(metricsServer.address.slice(metricsServer.address.lastIndexOf(':') + 1)) : undefined;
      registered = this.register(config.advertiseAddress ?? address, metricsPort, security.pem(), registration.signal);

      backgroundRun = (async () => {
        await seeder.seed(background.signal);
        if (background.signal.aborted) return;
        server.setServing(true);
        log.info({ warehouses: this.catalogue.warehouses.length, skus: this.catalogue.skus.length }, 'catalogue in place; serving');
        this.resolveStocked();
        await restocker.start(background.signal);
      })().catch((err: unknown) => {
        if (err instanceof RetryStoppedError && background.signal.aborted) return;
        fatal = err;
        this.rejectStocked(err);
        log.error({ err }, 'cannot put the catalogue in place; stopping');
        failed.abort(err);
      });

      await waitForAbort(anySignal(signal, failed.signal));
      log.info('draining');
      await server.shutdown(config.shutdownGraceMs);
    } finally {
      registration.abort();
      await registered;
      background.abort();
      await backgroundRun;
      const { abandoned } = await reporter.drain(config.shutdownGraceMs);
      if (abandoned > 0) log.warn({ abandoned }, 'stopped with shipment reports unacknowledged; the senders deliver those orders again');
      clients.close();
      await metricsServer?.close();
      security.close();
      log.info('stopped');
    }
    if (fatal !== undefined) throw fatal;
  }
}
