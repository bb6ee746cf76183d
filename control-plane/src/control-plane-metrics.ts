import { observedCounter, observedGauge, type MetricsRegistry } from '#lib/metrics/index.js';
import type { Gateway } from './gateway/index.js';

/** What a replica's metrics read: its gateway (routing, forwarding) and whether its controller leads. */
export interface ControlPlaneMetricsSources {
  gateway: Gateway;
  isLeader: () => boolean;
}

/**
 * A control-plane replica's domain metrics, read at scrape time from state it keeps anyway:
 * the assignment it routes by (epoch, nodes by state, ring share per node), leadership, the
 * nodes' load reports, and the gateway's forwarding counters (retries, exhausted calls, spills).
 * The RED metrics of its RPCs come from its GrpcServer.
 */
export function registerControlPlaneMetrics(registry: MetricsRegistry, { gateway, isLeader }: ControlPlaneMetricsSources): void {
  const assignment = () => gateway.source.router?.assignment;
  observedGauge(registry, {
    name: 'ordermesh_controller_leader',
    help: '1 while this replica holds the controller leadership, else 0 (sum over replicas: 1 when a leader exists).',
    read: () => (isLeader() ? 1 : 0),
  });
  observedGauge(registry, {
    name: 'ordermesh_assignment_epoch',
    help: 'Epoch of the assignment this process routes by (absent before the first).',
    read: () => assignment()?.epoch,
  });
  observedGauge(registry, {
    name: 'ordermesh_assignment_nodes',
    help: 'Nodes in the assignment this replica routes by, by state (ACTIVE, DRAINING).',
    labelNames: ['state'],
    read: () => {
      const a = assignment();
      if (!a) return undefined;
      return (['ACTIVE', 'DRAINING'] as const).map((state) => [{ state }, a.nodes.filter((n) => n.state === state).length] as const);
    },
  });
  observedGauge(registry, {
    name: 'ordermesh_ring_share_ratio',
    help: "Share of its region's ring (0..1) each node owns in the assignment.",
    labelNames: ['node', 'region'],
    read: () => assignment()?.nodes.map((n) => [{ node: n.nodeId, region: n.region }, n.ringShare] as const),
  });
  observedGauge(registry, {
    name: 'ordermesh_node_in_flight',
    help: 'In-flight requests each node last reported in etcd (its load report).',
    labelNames: ['node'],
    read: () => [...gateway.source.loads()].map(([node, load]) => [{ node }, load.inFlight] as const),
  });
  observedCounter(registry, {
    name: 'ordermesh_gateway_forwarded_total',
    help: 'Calls the gateway forwarded to warehouse nodes.',
    read: () => gateway.forwarder.stats.calls,
  });
  observedCounter(registry, {
    name: 'ordermesh_gateway_retries_total',
    help: 'Forwarded attempts that failed UNAVAILABLE and were retried on the next candidate.',
    read: () => gateway.forwarder.stats.retries,
  });
  observedCounter(registry, {
    name: 'ordermesh_gateway_exhausted_total',
    help: 'Forwarded calls answered UNAVAILABLE or DEADLINE_EXCEEDED because no candidate could serve them.',
    read: () => gateway.forwarder.stats.exhausted,
  });
  observedCounter(registry, {
    name: 'ordermesh_gateway_spills_total',
    help: 'New orders placed on the next node of the ring because the owner was over the load bound.',
    read: () => gateway.spills,
  });
}
