import * as grpc from '@grpc/grpc-js';
import { callUnary, connectControlPlane } from '#lib/grpc/index.js';
import type { Assignment__Output } from '#lib/proto/index.js';
import type { ListNodesResponse__Output } from '#lib/proto/index.js';
import { sleep } from '#lib/runtime/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { loadSecurityConfig, openMeshSecurity, securityFlags } from '#lib/security/index.js';
import type { RegisteredService } from '#lib/membership/index.js';
import { formatDatabaseStatus } from './database-status.js';
import { readEtcdDirectory } from './etcd-directory.js';
import { renderTable } from '#lib/text/index.js';

/** What `ordermesh status` shows: the nodes with their load, and the assignment. */
export interface ClusterStatus {
  target: string;
  epoch: number;
  leader: string;
  nodes: ListNodesResponse__Output['nodes'];
  regions: Assignment__Output['regions'];
  /**
   * Each process's Prometheus endpoint that the cluster knows of: the answering control-plane
   * replica's and every registered node's (from its etcd registration); statusMain adds the side
   * services' (wms-sim, registered under `services/` in etcd). Processes serving no metrics are
   * left out.
   */
  metrics: MetricsEndpoint[];
}

/** One process's Prometheus endpoint. */
export interface MetricsEndpoint {
  /** 'control-plane', 'warehouse', or a side service's name ('wms-sim'). */
  role: string;
  /** The replica's target address, or the node id. */
  process: string;
  /** http://host:port/metrics */
  url: string;
}

/** The metrics endpoints a ListNodes answer names. */
export function metricsEndpoints(target: string, nodes: ListNodesResponse__Output): MetricsEndpoint[] {
  const url = (address: string): string => `http://${address}/metrics`;
  return [
    ...(nodes.metricsAddress ? [{ role: 'control-plane', process: target, url: url(nodes.metricsAddress) }] : []),
    ...nodes.nodes.filter((n) => n.metricsAddress).map((n) => ({ role: 'warehouse', process: n.nodeId, url: url(n.metricsAddress) })),
  ];
}

/** The metrics endpoints of registered side services (wms-sim). */
export function serviceMetricsEndpoints(services: readonly RegisteredService[]): MetricsEndpoint[] {
  return services.filter((s) => s.metricsAddress).map((s) => ({ role: s.service, process: s.instance, url: `http://${s.metricsAddress}/metrics` }));
}

/**
 * Reads the cluster's status from a control-plane replica (plaintext unless `credentials`).
 * @throws grpc ServiceError.
 */
export async function readStatus(target: string, credentials?: grpc.ChannelCredentials): Promise<ClusterStatus> {
  const client = connectControlPlane(target, credentials);
  try {
    const deadline = Date.now() + 5_000;
    const [nodes, assignment] = await Promise.all([
      callUnary(client, client.ListNodes, {}, { deadline }),
      callUnary(client, client.GetAssignment, {}, { deadline }).catch((err: grpc.ServiceError) => {
        if (err.code === grpc.status.UNAVAILABLE) return undefined;
        throw err;
      }),
    ]);
    return {
      target,
      epoch: nodes.epoch,
      leader: nodes.leader,
      nodes: nodes.nodes,
      regions: assignment?.assignment?.regions ?? [],
      metrics: metricsEndpoints(target, nodes),
    };
  } finally {
    client.close();
  }
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** The status as text for a person: a header line, a table of nodes, a table of regions. */
export function formatStatus(s: ClusterStatus): string {
  const nodes = renderTable(
    ['NODE', 'REGION', 'ADDRESS', 'STATE', 'RING SHARE', 'IN-FLIGHT', 'RATE/S', 'P99 MS', 'LEASE'],
    s.nodes.map((n) => [
      n.nodeId,
      n.region,
      n.address,
      n.state === 'NODE_STATE_UNSPECIFIED' ? 'JOINING' : String(n.state).replace(/^NODE_STATE_/, ''),
      pct(n.ringShare),
      n.load?.inFlight ?? 0,
      (n.load?.ratePerS ?? 0).toFixed(1),
      (n.load?.p99Ms ?? 0).toFixed(1),
      n.lease?.id ? `${n.lease.id} (${n.lease.ttlS}s)` : '-',
    ]),
  );
  const regions = renderTable(
    ['REGION', 'MEMBERS', 'FAILOVER', 'SERVED BY'],
    s.regions.map((r) => {
      const servedBy = r.members.length ? r.region : (r.failover.find((f) => s.regions.find((x) => x.region === f)?.members.length) ?? 'nobody');
      return [r.region, r.members.join(', ') || '(none)', r.failover.join(' → '), servedBy];
    }),
  );
  const metrics = s.metrics.length ? `\nmetrics: ${s.metrics.map((m) => `${m.process} ${m.url}`).join(', ')}\n` : '';
  return `ordermesh cluster at ${s.target}: epoch ${s.epoch}, leader ${s.leader || '(none)'}, ${s.nodes.length} node(s)\n\n${nodes}\n\n${regions}\n${metrics}`;
}

/** `ordermesh status [--target HOST:PORT] [--json] [--watch]`; the database servers and side services come from etcd (etcd-directory.ts); with --tls-cert/--tls-key/--tls-ca or ORDERMESH_TLS_*, over mutual TLS. */
export async function statusMain(flags: Record<string, string | boolean | undefined>): Promise<void> {
  const target = (flags.target as string | undefined) ?? '127.0.0.1:50051';
  const security = openMeshSecurity(loadSecurityConfig('status', securityFlags(flags), process.env), { log: silentLogger(), serves: false });
  const watch = flags.watch === true;
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  do {
    try {
      const [fromControlPlane, directory] = await Promise.all([readStatus(target, security.channel), readEtcdDirectory(process.env, security.pem())]);
      const status = { ...fromControlPlane, metrics: [...fromControlPlane.metrics, ...serviceMetricsEndpoints(directory.services)] };
      const database = { servers: directory.databaseServers, ...(directory.error ? { error: directory.error } : {}) };
      const text = flags.json
        ? `${JSON.stringify({ ...status, databaseServers: database.servers, ...(database.error ? { databaseError: database.error } : {}) })}\n`
        : `${formatStatus(status)}\n${formatDatabaseStatus(database)}`;
      process.stdout.write(watch && !flags.json ? `\x1b[2J\x1b[H${new Date().toISOString()}\n${text}` : text);
    } catch (err) {
      const e = err as grpc.ServiceError;
      const message = `ordermesh status: cannot read ${target}: ${grpc.status[e.code] ?? 'ERROR'} ${e.details ?? e.message}\n`;
      if (!watch) {
        process.stderr.write(message);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(message);
    }
    if (watch) await sleep(1_000, stop.signal);
  } while (watch && !stop.signal.aborted);
  security.close();
}
