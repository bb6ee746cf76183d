import { RPCS, type RequestRecord, type RpcName } from './request-record.js';

/** Percentiles of a set of durations, in ms; zeros when the set is empty. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/**
 * The nearest-rank percentile `p` (0 < p ≤ 100) of ascending `sorted` values: the smallest value
 * at least p% of the values are less than or equal to. 0 for an empty list.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

/** p50/p90/p99/max/mean of `values` (any order; not modified). */
export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    meanMs: sorted.length ? sum / sorted.length : 0,
  };
}

/** Durations kept exactly, 8 bytes each, in a buffer that grows by doubling. */
export class LatencySeries {
  private values = new Float64Array(1024);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  get count(): number {
    return this.size;
  }

  summary(): LatencySummary {
    return summarizeLatencies(this.values.subarray(0, this.size));
  }
}

/** Latency and failures of one RPC over a run. Latency covers every call, failed ones included. */
export interface RpcStats extends LatencySummary {
  rpc: RpcName;
  /** Calls made, retries included. */
  calls: number;
  /** Calls answered with a status other than OK. */
  failed: number;
}

/** Orders one node acknowledged (by Order.node_id of CreateOrder's answer). */
export interface NodeShare {
  nodeId: string;
  orders: number;
  /** orders / all acknowledged orders, 0..1. */
  share: number;
  /** Latency of the CreateOrder calls this node answered. */
  createOrder: LatencySummary;
}

/** Aggregates request records as they come: per RPC, per failing status code, per node. */
export class RequestStats {
  private readonly perRpc = new Map<RpcName, { latency: LatencySeries; failed: number }>(RPCS.map((r) => [r, { latency: new LatencySeries(), failed: 0 }]));
  private readonly failures = new Map<string, number>();
  private readonly perNode = new Map<string, LatencySeries>();
  private failedTotal = 0;
  private callsTotal = 0;

  add(record: RequestRecord): void {
    const rpc = this.perRpc.get(record.rpc);
    if (!rpc) return;
    this.callsTotal += 1;
    rpc.latency.add(record.latencyMs);
    if (record.code !== 'OK') {
      rpc.failed += 1;
      this.failedTotal += 1;
      this.failures.set(record.code, (this.failures.get(record.code) ?? 0) + 1);
    } else if (record.rpc === 'CreateOrder') {
      // One OK CreateOrder per order: its retries stop at the first answer.
      let series = this.perNode.get(record.node);
      if (!series) this.perNode.set(record.node, (series = new LatencySeries()));
      series.add(record.latencyMs);
    }
  }

  /** Calls made so far, retries included. */
  get calls(): number {
    return this.callsTotal;
  }

  /** Calls that failed so far. */
  get failed(): number {
    return this.failedTotal;
  }

  /** Failed calls by gRPC status name, most frequent first. */
  failedByCode(): Record<string, number> {
    return Object.fromEntries([...this.failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  }

  /** Latency and failures per RPC, in the order of {@link RPCS}. */
  rpcs(): RpcStats[] {
    return RPCS.map((rpc) => {
      const s = this.perRpc.get(rpc) ?? { latency: new LatencySeries(), failed: 0 };
      return { rpc, calls: s.latency.count, failed: s.failed, ...s.latency.summary() };
    });
  }

  /** Acknowledged orders per node, most first. */
  nodes(): NodeShare[] {
    let total = 0;
    for (const s of this.perNode.values()) total += s.count;
    return [...this.perNode]
      .map(([nodeId, series]) => ({ nodeId, orders: series.count, share: total ? series.count / total : 0, createOrder: series.summary() }))
      .sort((a, b) => b.orders - a.orders || a.nodeId.localeCompare(b.nodeId));
  }
}
