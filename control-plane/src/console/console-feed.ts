import type { Etcd3 } from 'etcd3';
import { callUnary, type CallStats } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import { fetchStats, NodeDirectory, type RegisteredWithLease } from '../admin/index.js';
import { Spreader, type Gateway } from '../gateway/index.js';
import type { ConsoleSnapshot, NodeHealth, NodeView, RegionView, RpcView, TrafficSeries } from './console-snapshot.js';
import { EpochHistory } from './epoch-history.js';

/** Options of {@link ConsoleFeed}. */
export interface ConsoleFeedOptions {
  client: Etcd3;
  prefix: string;
  gateway: Gateway;
  /** The gateway server's call stats (per RPC). */
  stats: CallStats;
  replicaId: string;
  jaegerUiUrl: string;
  log?: Logger;
  /** Time between snapshots; default 1 000 ms. */
  intervalMs?: number;
  /** Time between counts of orders by status (a database aggregate); default 5 000 ms. */
  statsIntervalMs?: number;
  /** Points of traffic history kept; default 120 (two minutes at one a second). */
  trafficPoints?: number;
}

interface NodeStatusSeen {
  health: NodeHealth;
  dbHealthy: boolean | null;
  outboxBacklog: number | null;
  epochSeen: number | null;
  version: string;
}

const UNREACHABLE: NodeStatusSeen = { health: 'UNREACHABLE', dbHealthy: null, outboxBacklog: null, epochSeen: null, version: '' };

/**
 * What the web console shows, gathered once a tick from what this replica already has: the
 * assignment and load reports its gateway follows, the registrations and leases in etcd, each
 * node's NodeService.GetStatus, the gateway's per-RPC call stats, orders by status (GetStats,
 * every few ticks) and a bounded history of the epochs it has seen.
 *
 * A slow or dead node costs at most one status deadline per tick and shows as UNREACHABLE;
 * etcd being down leaves the last registrations in place (static stability, as the gateway).
 */
export class ConsoleFeed {
  private readonly history = new EpochHistory();
  private readonly directory: NodeDirectory;
  private readonly spreader = new Spreader();
  private readonly listeners = new Set<(snapshot: ConsoleSnapshot) => void>();
  private readonly log: Logger;
  private readonly traffic: TrafficSeries = { at: [], ratePerS: [], p50Ms: [], p99Ms: [] };
  private registered: RegisteredWithLease[] = [];
  private ordersByStatus: Record<string, number> | null = null;
  private ordersCountedAt: string | null = null;
  private lastStatsAt = 0;
  private latest: ConsoleSnapshot | undefined;
  /** Ticks can overlap (a new epoch starts one at once); only the newest started may publish. */
  private ticksStarted = 0;
  private lastPublished = 0;

  constructor(private readonly options: ConsoleFeedOptions) {
    this.directory = new NodeDirectory(options.client, options.prefix);
    this.log = (options.log ?? silentLogger()).child({ component: 'console-feed' });
  }

  /** The last snapshot taken (undefined before the first tick). */
  get snapshot(): ConsoleSnapshot | undefined {
    return this.latest;
  }

  /** Calls `listener` with every new snapshot; returns the function that unsubscribes. */
  subscribe(listener: (snapshot: ConsoleSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Takes a snapshot at once and after every change of the assignment, and one every tick,
   * until `signal` aborts.
   */
  async start(signal: AbortSignal): Promise<void> {
    const source = this.options.gateway.source;
    if (source.router) this.history.record(source.router.assignment);
    // A new epoch is shown at once, not at the next tick: failovers are what operators watch.
    const unsubscribe = source.onChange((router) => {
      this.history.record(router.assignment);
      this.tick(signal).catch((err: unknown) => this.log.warn({ err }, 'console snapshot failed'));
    });
    try {
      while (!signal.aborted) {
        await this.tick(signal).catch((err: unknown) => this.log.warn({ err }, 'console snapshot failed'));
        await sleep(this.options.intervalMs ?? 1_000, signal);
      }
    } finally {
      unsubscribe();
    }
  }

  private async tick(signal: AbortSignal): Promise<void> {
    const tickNo = ++this.ticksStarted;
    const { gateway } = this.options;
    const router = gateway.source.router;
    const assignment = router?.assignment;
    try {
      this.registered = await this.directory.registered();
    } catch (err) {
      this.log.debug({ err }, 'etcd unreachable; keeping the last registrations');
    }
    const [leases, statuses] = await Promise.all([
      Promise.all(this.registered.map((r) => this.directory.lease(r.leaseId))),
      Promise.all((assignment?.nodes ?? []).map((n) => this.nodeStatus(n.address, signal))),
      this.maybeCountOrders(signal),
    ]);
    // A tick that started before a newer one has published would show an older world.
    if (signal.aborted || tickNo < this.lastPublished) return;
    this.lastPublished = tickNo;

    const assigned = new Map((assignment?.nodes ?? []).map((n, i) => [n.nodeId, { node: n, status: statuses[i] ?? UNREACHABLE }]));
    const leaseOf = new Map(this.registered.map((r, i) => [r.node.nodeId, { registration: r.node, lease: leases[i] }]));
    const loads = gateway.source.loads();
    const ids = [...new Set([...assigned.keys(), ...leaseOf.keys()])];
    const nodes: NodeView[] = ids.map((nodeId) => {
      const a = assigned.get(nodeId);
      const r = leaseOf.get(nodeId);
      const load = loads.get(nodeId);
      const status = a?.status ?? UNREACHABLE;
      return {
        nodeId,
        region: a?.node.region ?? r?.registration.region ?? '',
        address: a?.node.address ?? r?.registration.address ?? '',
        state: a?.node.state ?? 'REGISTERED',
        ringShare: a?.node.ringShare ?? 0,
        health: status.health,
        dbHealthy: status.dbHealthy,
        leaseTtlS: r?.lease ? r.lease.grantedS : null,
        leaseLeftS: r?.lease ? r.lease.remainingS : null,
        load: load ? { inFlight: load.inFlight, ratePerS: load.ratePerS, p50Ms: load.p50Ms, p99Ms: load.p99Ms } : null,
        epochSeen: status.epochSeen,
        version: status.version || r?.registration.version || '',
      };
    });
    nodes.sort((x, y) => (x.region === y.region ? x.nodeId.localeCompare(y.nodeId) : x.region.localeCompare(y.region)));

    const regions: RegionView[] = (assignment?.regions ?? []).map((r) => ({
      region: r.region,
      members: [...r.members],
      failover: [...r.failover],
      servedBy: router?.servingRegion(r.region) ?? null,
    }));

    const total = this.options.stats.snapshot();
    const rpcs: RpcView[] = [...this.options.stats.methods()]
      .map(([method, s]) => ({ method, inFlight: s.inFlight, ratePerS: s.ratePerS, p50Ms: s.p50Ms, p99Ms: s.p99Ms, served: s.served, failed: s.failed }))
      .sort((x, y) => x.method.localeCompare(y.method));
    this.pushTraffic(Date.now(), total.ratePerS, total.p50Ms, total.p99Ms);

    const snapshot: ConsoleSnapshot = {
      at: new Date().toISOString(),
      replicaId: this.options.replicaId,
      leader: assignment?.leader ?? '',
      epoch: assignment?.epoch ?? 0,
      publishedAt: assignment?.publishedAt ?? '',
      ready: assignment !== undefined,
      regions,
      nodes,
      rpcs,
      traffic: this.traffic,
      ordersByStatus: this.ordersByStatus,
      ordersCountedAt: this.ordersCountedAt,
      outboxBacklog: statuses.reduce<number | null>((seen, s) => (s.outboxBacklog === null ? seen : Math.max(seen ?? 0, s.outboxBacklog)), null),
      epochs: this.history.list(),
      jaegerUiUrl: this.options.jaegerUiUrl,
    };
    this.latest = snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        this.log.warn({ err }, 'console listener failed');
      }
    }
  }

  private pushTraffic(at: number, ratePerS: number, p50Ms: number, p99Ms: number): void {
    const keep = this.options.trafficPoints ?? 120;
    const t = this.traffic;
    t.at.push(at);
    t.ratePerS.push(ratePerS);
    t.p50Ms.push(p50Ms);
    t.p99Ms.push(p99Ms);
    if (t.at.length > keep) for (const series of [t.at, t.ratePerS, t.p50Ms, t.p99Ms]) series.splice(0, series.length - keep);
  }

  /** A node's own view (GetStatus), within a short deadline so one dead node never stalls the page. */
  private async nodeStatus(address: string, signal: AbortSignal): Promise<NodeStatusSeen> {
    let lease;
    try {
      lease = this.options.gateway.pool.lease(address);
    } catch {
      return UNREACHABLE;
    }
    try {
      const { status } = await callUnary(lease.clients.node, lease.clients.node.GetStatus, {}, { deadline: Date.now() + 800, signal });
      if (!status) return UNREACHABLE;
      const health: NodeHealth = status.state === 'SERVING' || status.state === 'DRAINING' ? status.state : 'NOT_SERVING';
      return {
        health,
        dbHealthy: status.dbHealthy,
        // A node counts the undelivered outbox rows of the whole (shared) database.
        outboxBacklog: status.dbHealthy ? Number(status.pendingOutbox) : null,
        epochSeen: Number(status.epochSeen),
        version: status.version,
      };
    } catch {
      return UNREACHABLE;
    } finally {
      lease.release();
    }
  }

  /** Counts orders by status (GetStats) when the last count is older than the stats interval. */
  private async maybeCountOrders(signal: AbortSignal): Promise<void> {
    const now = Date.now();
    if (now - this.lastStatsAt < (this.options.statsIntervalMs ?? 5_000)) return;
    this.lastStatsAt = now;
    try {
      const { stats } = await fetchStats(this.options.gateway, this.spreader, {}, { deadline: now + 3_000, signal });
      const counts: Record<string, number> = {};
      for (const c of stats?.ordersByStatus ?? []) counts[String(c.status).replace(/^ORDER_STATUS_/, '')] = Number(c.count);
      this.ordersByStatus = counts;
      this.ordersCountedAt = new Date().toISOString();
    } catch (err) {
      this.log.debug({ err }, 'orders by status unavailable');
    }
  }
}
