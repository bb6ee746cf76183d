import type { EpochEntry } from './epoch-history.js';

/** How a node answers its own status call: its state, or UNREACHABLE when it does not answer. */
export type NodeHealth = 'SERVING' | 'NOT_SERVING' | 'DRAINING' | 'UNREACHABLE';

/** Recent load: calls in flight, completed per second, latency percentiles in milliseconds. */
export interface LoadView {
  inFlight: number;
  ratePerS: number;
  p50Ms: number;
  p99Ms: number;
}

/** One warehouse node as the console shows it. */
export interface NodeView {
  nodeId: string;
  region: string;
  address: string;
  /** Its state in the assignment; REGISTERED while the controller has not assigned it yet. */
  state: 'ACTIVE' | 'DRAINING' | 'REGISTERED';
  /** Its share of its region's ring, 0 to 1. */
  ringShare: number;
  health: NodeHealth;
  dbHealthy: boolean | null;
  /** Seconds its etcd lease lives without a keepalive, and seconds left now (null when unknown). */
  leaseTtlS: number | null;
  leaseLeftS: number | null;
  /** Its last load report (etcd), null before the first. */
  load: LoadView | null;
  epochSeen: number | null;
  version: string;
}

/** One region: who serves its orders now. */
export interface RegionView {
  region: string;
  /** Live ACTIVE members, in ring order. */
  members: string[];
  failover: string[];
  /** The region whose ring takes this region's orders now (itself, or its first live failover); null: none. */
  servedBy: string | null;
}

/** Gateway traffic of one RPC through this replica. */
export interface RpcView extends LoadView {
  /** Full method name, e.g. '/ordermesh.v1.OrderService/CreateOrder'. */
  method: string;
  served: number;
  failed: number;
}

/** The last minutes of gateway traffic, one point a tick, oldest first. */
export interface TrafficSeries {
  /** Milliseconds since the epoch of each point. */
  at: number[];
  ratePerS: number[];
  p50Ms: number[];
  p99Ms: number[];
}

/** Everything the page shows, sent whole on every tick (a few kilobytes). */
export interface ConsoleSnapshot {
  /** When it was taken (ISO 8601). */
  at: string;
  /** The replica serving this console. */
  replicaId: string;
  /** The replica leading the controller, from the last assignment ('' before one). */
  leader: string;
  epoch: number;
  publishedAt: string;
  /** False until this replica has read an assignment. */
  ready: boolean;
  regions: RegionView[];
  nodes: NodeView[];
  rpcs: RpcView[];
  traffic: TrafficSeries;
  /** Orders by status (every order in the database), null until the first count arrived. */
  ordersByStatus: Record<string, number> | null;
  ordersCountedAt: string | null;
  /**
   * Paid orders not yet handed to wms-sim (outbox rows not delivered), in the whole database, as
   * the nodes report it (they share one database); null when no node answered.
   */
  outboxBacklog: number | null;
  epochs: readonly EpochEntry[];
  jaegerUiUrl: string;
}
