import { Histogram } from 'prom-client';
import { CachedReading, metricOnce, observedCounter, observedGauge, RPC_SECONDS_BUCKETS, type MetricsRegistry } from '#lib/metrics/index.js';
import type { Logger } from '#lib/logging/index.js';
import type { Database } from './db/index.js';
import type { OutboxStore, OutboxWorker, Ownership, PaymentTimeouts } from './lifecycle/index.js';
import type { BatchKind } from './orders/order-store.js';
import { readOrderCountsOfNode } from './orders/stats-query.js';

/** How often the SQL-backed gauges (orders by status, outbox backlog, connections) are read at most. */
export const SQL_GAUGE_MAX_AGE_MS = 5_000;

/** What a node's metrics read, all of it state the node keeps anyway. */
export interface NodeMetricsSources {
  nodeId: string;
  poolSize: number;
  database: Database;
  ownership: Ownership;
  outbox: OutboxWorker;
  outboxStore: OutboxStore;
  timeouts: PaymentTimeouts;
  /** True while SERVING (health). */
  serving: () => boolean;
  /** True while the last database probe succeeded. */
  databaseUp: () => boolean;
  /** True while registered in etcd under a live lease; undefined when the node runs standalone. */
  registered: () => boolean | undefined;
  log: Logger;
}

/** Batch sizes: 1 (idle) to the 256 a batch holds at most. */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * A warehouse node's domain metrics. Gauges are read at scrape time; the ones that need SQL
 * (orders by status, the outbox backlog, pool connections) at most every
 * {@link SQL_GAUGE_MAX_AGE_MS}, however often Prometheus scrapes. Histograms are fed once per
 * group-commit batch and once per etcd load report, never per call.
 */
export class NodeMetrics {
  private readonly batchSeconds: Histogram<'kind'>;
  private readonly batchSize: Histogram<'kind'>;
  private readonly etcdSeconds: Histogram<'op'>;

  constructor(private readonly registry: MetricsRegistry) {
    this.batchSeconds = metricOnce(
      registry,
      'ordermesh_db_batch_duration_seconds',
      () =>
        new Histogram({
          name: 'ordermesh_db_batch_duration_seconds',
          help: 'Time of one group-commit batch in Postgres (one transaction, one commit), by kind.',
          labelNames: ['kind'],
          buckets: [...RPC_SECONDS_BUCKETS],
          registers: [registry],
        }),
    );
    this.batchSize = metricOnce(
      registry,
      'ordermesh_db_batch_size',
      () => new Histogram({ name: 'ordermesh_db_batch_size', help: 'Requests applied in one group-commit batch, by kind.', labelNames: ['kind'], buckets: BATCH_SIZE_BUCKETS, registers: [registry] }),
    );
    this.etcdSeconds = metricOnce(
      registry,
      'ordermesh_etcd_request_duration_seconds',
      () =>
        new Histogram({
          name: 'ordermesh_etcd_request_duration_seconds',
          help: 'Round-trip time of etcd writes this node makes (op=load_report: the once-a-second load report).',
          labelNames: ['op'],
          buckets: [...RPC_SECONDS_BUCKETS],
          registers: [registry],
        }),
    );
  }

  /** For OrderStoreOptions.onBatch. */
  readonly onBatch = (kind: BatchKind, size: number, seconds: number): void => {
    this.batchSeconds.observe({ kind }, seconds);
    this.batchSize.observe({ kind }, size);
  };

  /** For NodeRegistrationOptions.onLoadReported. */
  readonly onLoadReported = (seconds: number): void => {
    this.etcdSeconds.observe({ op: 'load_report' }, seconds);
  };

  /** Registers the gauges and counters read from the running node's parts. */
  observe(s: NodeMetricsSources): void {
    const { registry } = this;
    const warn = (what: string) => (err: unknown) => s.log.warn({ err: (err as Error).message }, `metrics: cannot read ${what}`);
    const orders = new CachedReading(() => readOrderCountsOfNode(s.database.db, s.nodeId), SQL_GAUGE_MAX_AGE_MS, warn('orders by status'));
    const backlog = new CachedReading(() => s.outboxStore.backlog(), SQL_GAUGE_MAX_AGE_MS, warn('the outbox backlog'));
    const connections = new CachedReading(() => s.database.connectionStates(), SQL_GAUGE_MAX_AGE_MS, warn('pool connections'));
    const bool = (v: boolean | undefined): number | undefined => (v === undefined ? undefined : v ? 1 : 0);

    observedGauge(registry, { name: 'ordermesh_node_serving', help: '1 while the node answers health SERVING, else 0.', read: () => bool(s.serving()) });
    observedGauge(registry, { name: 'ordermesh_db_up', help: "1 while the node's last Postgres probe succeeded, else 0.", read: () => bool(s.databaseUp()) });
    observedGauge(registry, {
      name: 'ordermesh_node_lease_held',
      help: '1 while the node is registered in etcd under a live lease, else 0 (absent when it runs without etcd).',
      read: () => bool(s.registered()),
    });
    observedGauge(registry, {
      name: 'ordermesh_assignment_epoch',
      help: 'Epoch of the assignment this process routes by (absent before the first).',
      read: () => (s.ownership.epoch() > 0 ? s.ownership.epoch() : undefined),
    });
    observedGauge(registry, {
      name: 'ordermesh_orders',
      help: 'Orders whose last change this node made, by status (from Postgres, at most every 5 s).',
      labelNames: ['node', 'status'],
      read: async () => (await orders.get())?.map((r) => [{ node: s.nodeId, status: r.status }, r.count] as const),
    });
    observedGauge(registry, {
      name: 'ordermesh_outbox_pending',
      help: 'Outbox rows not yet delivered to the warehouse-management backend, in the whole database (every node reports it).',
      read: async () => (await backlog.get())?.pending,
    });
    observedGauge(registry, {
      name: 'ordermesh_outbox_oldest_due_age_seconds',
      help: 'How long the oldest due, undelivered outbox row has waited (0 when none is due), in the whole database.',
      read: async () => (await backlog.get())?.oldestDueAgeS,
    });
    observedCounter(registry, {
      name: 'ordermesh_outbox_delivery_attempts_total',
      help: 'ShipOrder deliveries this node attempted, by outcome (delivered, failed: retried later).',
      labelNames: ['outcome'],
      read: () => [
        [{ outcome: 'delivered' }, s.outbox.deliveries],
        [{ outcome: 'failed' }, s.outbox.failedDeliveries],
      ],
    });
    observedCounter(registry, {
      name: 'ordermesh_payment_timeouts_total',
      help: 'RESERVED orders this node cancelled because no payment came in time.',
      read: () => s.timeouts.expired,
    });
    observedGauge(registry, { name: 'ordermesh_db_pool_max_connections', help: "Connections the node's pool may open.", read: () => s.poolSize });
    observedGauge(registry, {
      name: 'ordermesh_db_pool_connections',
      help: "The pool's open connections by state as Postgres reports them (active, idle, idle in transaction).",
      labelNames: ['state'],
      read: async () => (await connections.get())?.map((r) => [{ state: r.state }, r.count] as const),
    });
  }
}
