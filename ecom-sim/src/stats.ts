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

/** One distinct failure text of a status code, and how many calls failed with it. */
export interface FailureSample {
  details: string;
  calls: number;
}

/** Distinct details kept per status code: enough to tell causes apart, bounded for long runs. */
const SAMPLES_PER_CODE = 5;
/** Details are cut here: a cause fits in it, a relayed stack trace does not need to. */
const SAMPLE_CHARS = 200;

/**
 * One cause, one text: grpc-js's deadline details carry the call's timings and the phases it
 * went through ("Deadline exceeded after 0.449s,LB pick: 0.073s,remote_addr=…"), which differ
 * from call to call; they are cut to "Deadline exceeded after …s,remote_addr=…".
 */
function foldTimings(details: string): string {
  return details.replace(/\d+\.\d+s\b/g, '…s').replace(/,[A-Za-z ]+: …s/g, '');
}

/** Aggregates request records as they come: per RPC, per failing status code, per node. */
export class RequestStats {
  private readonly perRpc = new Map<RpcName, { latency: LatencySeries; failed: number }>(RPCS.map((r) => [r, { latency: new LatencySeries(), failed: 0 }]));
  private readonly failures = new Map<string, number>();
  private readonly perNode = new Map<string, LatencySeries>();
  private readonly samples = new Map<string, Map<string, number>>();
  private failedTotal = 0;
  private callsTotal = 0;

  /**
   * Counts one call. `details` is a failed call's status details: the first few distinct ones per
   * code are kept with their counts, so a run's summary says why calls failed, not only how often.
   */
  add(record: RequestRecord, details?: string): void {
    const rpc = this.perRpc.get(record.rpc);
    if (!rpc) return;
    this.callsTotal += 1;
    rpc.latency.add(record.latencyMs);
    if (record.code !== 'OK') {
      rpc.failed += 1;
      this.failedTotal += 1;
      this.failures.set(record.code, (this.failures.get(record.code) ?? 0) + 1);
      if (details !== undefined) this.sample(record.code, foldTimings(details).slice(0, SAMPLE_CHARS));
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

  /** The distinct details of failed calls per status code (at most five each), most frequent first. */
  failureSamples(): Record<string, FailureSample[]> {
    return Object.fromEntries(
      [...this.samples].map(([code, byDetails]) => [code, [...byDetails].map(([details, calls]) => ({ details, calls })).sort((a, b) => b.calls - a.calls)]),
    );
  }

  private sample(code: string, details: string): void {
    let byDetails = this.samples.get(code);
    if (!byDetails) this.samples.set(code, (byDetails = new Map<string, number>()));
    const seen = byDetails.get(details);
    if (seen !== undefined) byDetails.set(details, seen + 1);
    else if (byDetails.size < SAMPLES_PER_CODE) byDetails.set(details, 1);
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
