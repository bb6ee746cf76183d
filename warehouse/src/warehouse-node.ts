import { count, eq } from 'drizzle-orm';
import type { Etcd3 } from 'etcd3';
import { connectFulfillment, GrpcServer, type HandlerEnv } from '#lib/grpc/index.js';
import { UnavailableError } from '#lib/errors/index.js';
import { createEtcdClient, NodeRegistration } from '#lib/membership/index.js';
import { openMeshSecurity, PLAINTEXT } from '#lib/security/index.js';
import type { Logger } from '#lib/logging/index.js';
import { createMetricsRegistry, serveMetrics, type MetricsRegistry } from '#lib/metrics/index.js';
import type { Topology } from '#lib/orders/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '#lib/postgres/index.js';
import { loadOrdermesh, reflectionDefinition, toTimestamp } from '#lib/proto/index.js';
import { AssignmentSource } from '#lib/routing/index.js';
import type { NodeStatus } from '#lib/proto/index.js';
import { ordermeshVersion, sleep, waitForAbort } from '#lib/runtime/index.js';
import type { WarehouseConfig } from './config.js';
import { DbHealthMonitor, isUnavailable, migrateDatabase, openDatabase, schema, toDatabaseDomainError, type Database } from './db/index.js';
import { InventoryStore } from './inventory/inventory-store.js';
import { NodeMetrics } from './node-metrics.js';
import { FulfillmentReconciler, OutboxStore, OutboxWorker, Ownership, PaymentTimeouts } from './lifecycle/index.js';
import { OrderStore } from './orders/order-store.js';
import { AggregateFolder } from './orders/stats-aggregates.js';
import {
  inventoryServiceHandlers,
  nodeServiceHandlers,
  orderServiceHandlers,
  paymentServiceHandlers,
  type ServiceDeps,
} from './service/index.js';

/** Where a started node listens. */
export interface WarehouseNodeReady {
  port: number;
  address: string;
  databaseUrl: string;
  /** host:port of the Prometheus endpoint ('' when the node serves none). */
  metricsAddress: string;
}

/**
 * A warehouse node: gRPC Order/Payment/Inventory/Node services over Postgres, with health and
 * reflection. With etcd endpoints it registers under a lease, reports its load and follows the
 * control plane's assignment, which says whose orders' timers and outbox it runs; without them it
 * runs standalone and owns every order. It serves every order sent to it either way.
 * Shutdown order: health NOT_SERVING → drain gRPC → stop the health monitor → close the pool →
 * stop an embedded Postgres.
 */
export class WarehouseNode {
  private readonly startedAt = new Date();
  /** The node's metrics (served at /metrics when a metrics port is configured). */
  readonly metrics: MetricsRegistry = createMetricsRegistry();
  private metricsAddress = '';
  private ordersCreated = 0;
  private address = '';
  private registration: NodeRegistration | undefined;
  private ownership: Ownership | undefined;
  private resolveReady!: (ready: WarehouseNodeReady) => void;
  private rejectReady!: (err: unknown) => void;
  /** Resolves once the node listens (tests and `ordermesh dev` wait on it). */
  readonly ready: Promise<WarehouseNodeReady>;

  constructor(
    private readonly config: WarehouseConfig,
    private readonly log: Logger,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
  }

  /** Runs the node until `signal` aborts, then stops in order. */
  async start(signal: AbortSignal): Promise<void> {
    try {
      await this.run(signal);
    } catch (err) {
      this.rejectReady(err);
      throw err;
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { config, log } = this;
    let embedded: EmbeddedPostgresServer | undefined;
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, log: log.child({ component: 'postgres' }) });
      databaseUrl = embedded.url;
    }
    const database = openDatabase({ url: databaseUrl, poolSize: config.poolSize, log });
    try {
      if (config.migrate) await this.migrateWhenReachable(database, signal);
      if (signal.aborted) return;
      await this.serve(database, databaseUrl, signal);
    } finally {
      await database.close();
      await embedded?.stop();
    }
  }

  /** Migrates, waiting for Postgres while it is unreachable (it may still be starting). */
  private async migrateWhenReachable(database: Database, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await migrateDatabase(database);
        return;
      } catch (err) {
        if (!isUnavailable(err)) throw err;
        this.log.warn({ attempt, err: (err as Error).message }, 'database unreachable, migration waits');
        await sleep(Math.min(5000, 250 * attempt), signal);
      }
    }
  }

  private async serve(database: Database, databaseUrl: string, signal: AbortSignal): Promise<void> {
    const { config, log } = this;
    const security = openMeshSecurity(config.security ?? PLAINTEXT, { log, serves: true });
    const etcd = config.etcdEndpoints.length ? createEtcdClient({ endpoints: config.etcdEndpoints, tls: security.pem() }) : undefined;
    // In a cluster the assignment says which orders this node owns and which regions exist.
    const assignments = etcd ? new AssignmentSource({ client: etcd, prefix: config.etcdPrefix, log }) : undefined;
    const topology = (): Topology => assignments?.topology ?? config.topology;
    const ownership = new Ownership(config.nodeId, config.region, topology, assignments ? () => assignments.router : undefined);
    this.ownership = ownership;
    const server = new GrpcServer({ log, definition: reflectionDefinition(), maxMessageBytes: config.maxMessageBytes, metrics: this.metrics, security: security.server });
    const health = new DbHealthMonitor({
      probe: (timeoutMs) => database.probe(timeoutMs),
      log,
      onChange: (ok) => server.setServing(ok),
      onUnreachable: () => database.renewPool('health probe found the database unreachable'),
    });
    const nodeMetrics = new NodeMetrics(this.metrics);
    const orders = new OrderStore({
      db: database.db,
      sql: () => database.sql,
      nodeId: config.nodeId,
      topology,
      paymentTimeoutMs: config.paymentTimeoutMs,
      onBatch: nodeMetrics.onBatch,
    });
    const fulfillment = connectFulfillment(config.wmsAddress, undefined, security.channel);
    const outboxStore = new OutboxStore(() => database.sql);
    const outbox = new OutboxWorker({ store: outboxStore, orders, ownership, fulfillment, log: log.child({ component: 'outbox' }) });
    const timeouts = new PaymentTimeouts({ db: database.db, orders, ownership, log: log.child({ component: 'payment-timeouts' }), paymentTimeoutMs: config.paymentTimeoutMs });
    // Calls that need the database: refused at once while it is known to be down (no queueing
    // on a dead pool until the deadline), and driver errors turned into domain errors by class.
    const env: HandlerEnv = {
      log,
      stats: server.stats,
      admit: () => {
        if (health.down) throw new UnavailableError('the database is unreachable; try again shortly', { dependency: 'database' });
      },
      translate: (err) => {
        const translated = toDatabaseDomainError(err);
        // A call saw the database fail: probe now rather than at the next tick.
        if (translated instanceof UnavailableError && translated.dependency === 'database') void health.probe();
        return translated;
      },
    };
    nodeMetrics.observe({
      nodeId: config.nodeId,
      poolSize: config.poolSize,
      database,
      ownership,
      outbox,
      outboxStore,
      timeouts,
      serving: () => server.isServing,
      databaseUp: () => health.healthy,
      registered: () => (etcd ? (this.registration?.healthy ?? false) : undefined),
      log,
    });
    const reconciler = new FulfillmentReconciler({
      outbox: outboxStore,
      ownership,
      log: log.child({ component: 'fulfilment-reconciler' }),
      timeoutMs: config.fulfillmentTimeoutMs,
      onReopened: () => outbox.kick(),
    });
    const deps: ServiceDeps = {
      env,
      db: database.db,
      orders,
      inventory: new InventoryStore(database.db),
      topology,
      status: () => this.status(database, outboxStore, server, health),
      onOrderCreated: () => {
        this.ordersCreated += 1;
      },
      onPaid: (orderId) => {
        if (ownership.owns(orderId)) outbox.kick();
      },
    };
    const v1 = loadOrdermesh().proto.ordermesh.v1;
    server.addService({ name: 'ordermesh.v1.OrderService', definition: v1.OrderService.service, handlers: orderServiceHandlers(deps) });
    server.addService({ name: 'ordermesh.v1.PaymentService', definition: v1.PaymentService.service, handlers: paymentServiceHandlers(deps) });
    server.addService({ name: 'ordermesh.v1.InventoryService', definition: v1.InventoryService.service, handlers: inventoryServiceHandlers(deps) });
    server.addService({ name: 'ordermesh.v1.NodeService', definition: v1.NodeService.service, handlers: nodeServiceHandlers({ ...deps, env: { ...env, admit: undefined } }) });
    const metricsServer = await serveMetrics({ registry: this.metrics, log, host: config.host, port: config.metricsPort });
    this.metricsAddress = metricsServer?.address ?? '';
    const port = await server.listen(config.host, config.port);
    const address = config.advertiseAddress ?? `${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    this.address = address;

    // Background work, stopped after the gRPC server has drained.
    const background = new AbortController();
    const running: Array<Promise<void>> = [health.start(background.signal)];
    if (config.backgroundWork) {
      const folder = new AggregateFolder({ sql: () => database.sql, log: log.child({ component: 'aggregates' }) });
      running.push(outbox.start(background.signal), timeouts.start(background.signal), reconciler.start(background.signal), folder.start(background.signal));
    }
    if (etcd && assignments) {
      this.registration = this.registration ?? this.newRegistration(etcd, address, server, nodeMetrics);
      running.push(this.registration.start(background.signal), assignments.start(background.signal));
    }
    log.info({ address, nodeId: config.nodeId, region: config.region, etcd: etcd !== undefined }, 'warehouse node listening');
    this.resolveReady({ port, address, databaseUrl, metricsAddress: this.metricsAddress });

    await waitForAbort(signal);
    log.info('draining');
    // Health NOT_SERVING, then let in-flight calls finish (the gateway retries refused calls on
    // the next node); then stop the workers, revoke the lease (immediate failover), close etcd.
    await server.shutdown(config.shutdownGraceMs);
    background.abort();
    await Promise.all(running);
    fulfillment.close();
    etcd?.close();
    await metricsServer?.close();
    security.close();
    this.registration = undefined;
    log.info('stopped');
  }

  /** The node's registration in etcd: lease, registration and load reports. */
  private newRegistration(client: Etcd3, address: string, server: GrpcServer, nodeMetrics: NodeMetrics): NodeRegistration {
    const { config, log } = this;
    return new NodeRegistration({
      client,
      prefix: config.etcdPrefix,
      node: {
        nodeId: config.nodeId,
        region: config.region,
        address,
        capacity: config.capacity,
        version: ordermeshVersion(),
        startedAt: this.startedAt.toISOString(),
        ...(this.metricsAddress ? { metricsAddress: this.metricsAddress } : {}),
      },
      load: () => {
        const load = server.stats.snapshot();
        return { inFlight: load.inFlight, ratePerS: load.ratePerS, p50Ms: load.p50Ms, p99Ms: load.p99Ms };
      },
      ttlSeconds: config.leaseTtlS,
      onLoadReported: nodeMetrics.onLoadReported,
      log,
    });
  }

  private async status(database: Database, outbox: OutboxStore, server: GrpcServer, health: DbHealthMonitor): Promise<NodeStatus> {
    const load = server.stats.snapshot();
    let pendingTimers = 0;
    let pendingOutbox = 0;
    if (health.healthy) {
      const [timers, outboxRows] = await Promise.all([
        database.db.select({ n: count() }).from(schema.orders).where(eq(schema.orders.status, 'RESERVED')),
        outbox.pendingCount(),
      ]);
      pendingTimers = timers[0]?.n ?? 0;
      pendingOutbox = outboxRows;
    }
    return {
      nodeId: this.config.nodeId,
      region: this.config.region,
      address: this.address,
      epochSeen: this.ownership?.epoch() ?? 0,
      load: { inFlight: load.inFlight, ratePerS: load.ratePerS, p50Ms: load.p50Ms, p99Ms: load.p99Ms },
      ordersCreated: this.ordersCreated,
      rpcsServed: load.served,
      rpcsFailed: load.failed,
      dbHealthy: health.healthy,
      etcdHealthy: this.registration?.healthy ?? false,
      state: server.isServing ? 'SERVING' : 'NOT_SERVING',
      version: ordermeshVersion(),
      startedAt: toTimestamp(this.startedAt),
      pendingTimers,
      pendingOutbox,
    };
  }
}
