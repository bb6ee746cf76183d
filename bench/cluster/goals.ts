/**
 * The goals of issues 3 and 9 (gateway throughput and CPU, the failover bound) a run is judged
 * against, and the figures of a run that measure them.
 */
import type { RunResults } from './results.js';
import type { Settings } from './settings.js';

/** Goals of issue 3. */
export const GOAL_GATEWAY_RATIO = 0.65;
/** Goals of issue 9 (item 3): a gateway that forwards bytes. */
export const GOAL_GATEWAY_CPU_VS_ECHO = 1.5;
export const GOAL_GATEWAY_READ_RATIO = 0.9;
/** Goal of issue 3: a killed node leaves the assignment within its lease TTL plus this. */
export const GOAL_FAILOVER_SLACK_MS = 1_000;

/** The goal figures of a run, as the report and --json show them. */
export interface Goals {
  gatewayCreateOrder: { ratio: number | null; goal: number; met: boolean | null };
  gatewayByRpc: Record<string, number | null>;
  /**
   * Gateway CPU ms per forwarded call, the echo server's CPU ms per call (first echo phase) and
   * their ratio, by RPC: the echo server is one grpc-js hop that decodes and encodes, the ceiling
   * a forwarder of bytes is held to.
   */
  gatewayCpuByRpc: Record<string, { msPerCall: number | null; echoMsPerCall: number | null; ratio: number | null }>;
  failover: { limitMs: number; runsMs: Array<number | null>; worstMs: number | null; met: boolean | null };
}

/** The goal figures of a run (rows of the gateway, overload excluded; every failover). */
export function goals(settings: Settings, results: RunResults): Goals {
  const gatewayRows = results.rows.filter((r) => r.kind === 'gateway' && !r.phase.startsWith('overload'));
  const create = gatewayRows.find((r) => r.rpc === 'CreateOrder');
  const runsMs = results.failovers.map((f) => f.killToNewEpochMs);
  const worst = runsMs.length ? (runsMs.some((v) => v === null) ? null : Math.max(...(runsMs as number[]))) : null;
  const limitMs = settings.leaseTtlS * 1000 + GOAL_FAILOVER_SLACK_MS;
  return {
    gatewayCreateOrder: { ratio: create?.ratioToStraight ?? null, goal: GOAL_GATEWAY_RATIO, met: create?.ratioToStraight == null ? null : create.ratioToStraight >= GOAL_GATEWAY_RATIO },
    gatewayByRpc: Object.fromEntries(gatewayRows.map((r) => [r.rpc ?? r.phase, r.ratioToStraight])),
    gatewayCpuByRpc: Object.fromEntries(
      gatewayRows.map((r) => {
        const msPerCall = r.cpuMsPerCall?.gateway ?? null;
        const echoMsPerCall = results.rows.find((e) => e.kind === 'echo')?.cpuMsPerCall?.servers ?? null;
        return [r.rpc ?? r.phase, { msPerCall, echoMsPerCall, ratio: msPerCall !== null && echoMsPerCall ? msPerCall / echoMsPerCall : null }];
      }),
    ),
    failover: { limitMs, runsMs, worstMs: worst, met: runsMs.length === 0 ? null : results.failovers.every((f) => f.withinGoal) },
  };
}
