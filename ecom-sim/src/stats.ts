import { RPCS, type RequestRecord, type RpcName } from './request-record.js';

import { LatencySeries, type LatencySummary } from '#lib/stats/index.js';

export { LatencySeries, percentile, summarizeLatencies, type LatencySummary } from '#lib/stats/index.js';

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
