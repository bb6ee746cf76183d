/**
 * What a run measures: the rows of the main table, the failovers, the shipping waits, ecom-sim's
 * summary; and the CPU per call of a measured window.
 */
import type { SimulationSummary } from '#ecom-sim/src/index.js';
import type { GroupCpuUse } from '#warehouse/bench/cpu.js';
import type { BenchRpc, LoadResult } from '#warehouse/bench/protocol.js';

/** CPU milliseconds per call (or per order, for ecom-sim) during a measured window. */
export interface CpuPerCall {
  /** Busy time of the whole machine per call: the robust number to compare across runs. */
  machine: number | null;
  /** Gateway + nodes + Postgres per call (what the cluster itself spends; echo: the echo server). */
  servers: number | null;
  /** The gateway process alone per call (gateway rows; null elsewhere): what forwarding costs. */
  gateway: number | null;
}

/** One row of the main table. */
export interface Row {
  /** 'echo', an RPC name, 'ecom-sim ...'. */
  phase: string;
  kind: 'echo' | 'straight' | 'gateway' | 'ecom-sim';
  target: string;
  rpc?: BenchRpc;
  calls: number;
  /** Failed calls (ecom-sim orders: not acknowledged + lost + stuck); null where it does not apply. */
  errors: number | null;
  /** Successful calls per second (ecom-sim: acknowledged orders per second of placing). */
  callsPerS: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** callsPerS over the first echo phase's. */
  ratioToEcho: number | null;
  /** Gateway rows: callsPerS over the same RPC's straight row. */
  ratioToStraight: number | null;
  cpu?: GroupCpuUse;
  cpuMsPerCall?: CpuPerCall;
  /** The load generator's whole result (percentiles, errors by code, window). */
  load?: LoadResult;
  notes: string[];
}

/** One failover measurement: kill -9 of a node until an assignment without it. */
export interface FailoverRun {
  run: number;
  killed: string;
  leaseTtlS: number;
  epochBefore: number;
  epochAfter: number | null;
  /** From SIGKILL to the node's registration key leaving etcd (its lease expired). */
  killToLeaseExpiredMs: number | null;
  /** From SIGKILL to an assignment without the node in etcd (polled every 20 ms). */
  killToNewEpochMs: number | null;
  /** The new assignment's publishedAt minus the wall-clock time of the kill (no polling delay). */
  killToPublishedMs: number | null;
  /** killToNewEpochMs ≤ TTL + 1 s. */
  withinGoal: boolean;
  /** The client load through the gateway during the failover, when there was one. */
  load?: LoadResult;
}

/** Everything a run measured, in the order it was measured. */
export interface RunResults {
  rows: Row[];
  sim?: { summary: SimulationSummary; exitCode: number | null; wallS: number };
  failovers: FailoverRun[];
  /** After each ConfirmPayment phase: paid orders not shipped yet when it ended, and how long they took. */
  shipping: Array<{ after: string; unshippedAtEnd: number; seconds: number; leftUnshipped: number }>;
}
/** CPU ms per call of a window from its groups' CPU; `echo`: the echo server is the server, `gatewayRow`: the gateway alone too. */
export function cpuPerCall(cpu: GroupCpuUse, windowS: number, calls: number, echo: boolean, gatewayRow: boolean): CpuPerCall {
  const perCall = (pct: number | undefined): number | null => (pct === undefined || calls === 0 ? null : (10 * pct * windowS) / calls);
  const g = cpu.groupPct;
  const servers = echo ? g.echo : (g.gateway ?? 0) + (g.nodes ?? 0) + (g.postgres ?? 0);
  return { machine: perCall(cpu.machinePct), servers: perCall(servers), gateway: gatewayRow ? perCall(g.gateway) : null };
}
