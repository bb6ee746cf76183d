/** How a run went: the summary `--json`, the text summary and `ordermesh dev` show, and how it is made. */
import type { ResolvedSimulationOptions } from './options.js';
import type { OrderState } from './order-state.js';
import { STATUS_ORDER, type OrderStatusName } from './order-statuses.js';
import type { OrderTally } from './order-tally.js';
import { summarizeLatencies, type FailureSample, type LatencySummary, type NodeShare, type RequestStats, type RpcStats } from './stats.js';

/** How a run went; what the summary, `--json` and `ordermesh dev` show. */
export interface SimulationSummary {
  target: string;
  seed: number;
  /** When placing began (ISO 8601). */
  startedAt: string;
  /** True when the run was stopped (signal) before it settled; `stuck` then counts orders it stopped watching. */
  interrupted: boolean;
  /** From the first CreateOrder to the last ConfirmPayment answer, in s. */
  placingS: number;
  /** From then until every order was final or the settle timeout passed, in s. */
  settleS: number;
  /** The statuses counted as final. */
  finalStatuses: OrderStatusName[];
  orders: {
    /** Orders whose CreateOrder was sent. */
    placed: number;
    /** Orders whose CreateOrder answered OK (possibly after retries). */
    acknowledged: number;
    /** placed - acknowledged: every attempt failed; not counted as lost. */
    notAcknowledged: number;
    /** Acknowledged orders by their last known status (lost ones excluded): acknowledged = sum + lost. */
    byStatus: Partial<Record<OrderStatusName, number>>;
    /** Acknowledged orders GetOrder answered NOT_FOUND for. */
    lost: number;
    /** Acknowledged orders not read back in a final status by the end (still moving, or unreadable). */
    stuck: number;
    /** Up to 100 of each, to look up. */
    lostOrderIds: string[];
    stuckOrderIds: string[];
  };
  payments: {
    /** ConfirmPayment sent for this many orders (those CreateOrder left RESERVED). */
    sent: number;
    /** Accepted payments that succeeded / were declined on purpose. */
    succeeded: number;
    declined: number;
    /** Orders whose ConfirmPayment never answered OK. */
    failed: number;
  };
  throughput: {
    /** Acknowledged orders per second of the placing phase. */
    ordersPerS: number;
    /** Calls (all RPCs, retries and polls included) per second of the whole run. */
    callsPerS: number;
  };
  /** Calls answered with a status other than OK, by status name. */
  failedCalls: Record<string, number>;
  /** Why calls failed: per status name, up to five distinct details with their counts. */
  failureSamples: Record<string, FailureSample[]>;
  /** Latency per RPC, over every call including failed ones. */
  latency: RpcStats[];
  /** Acknowledged orders by Order.node_id of CreateOrder's answer. */
  nodes: NodeShare[];
  /**
   * Time from an order's creation to its final status, in ms, taken from the first answer that
   * showed it final: its updated_at minus its created_at, both stamped by the nodes (so neither
   * the poll interval nor the wait for placing to end skews it; nodes on different machines add
   * their clock skew). Over every order seen final, and per final status.
   */
  orderToFinal: LatencySummary;
  orderToFinalByStatus: Partial<Record<OrderStatusName, LatencySummary>>;
  /** How often orders not final yet were read while settling. */
  pollIntervalMs: number;
  /** No acknowledged order lost and none stuck. */
  ok: boolean;
}

/** What a finished run hands to {@link summarizeRun}. */
export interface RunRecord {
  options: ResolvedSimulationOptions;
  /** When placing began (ISO 8601). */
  startedAt: string;
  interrupted: boolean;
  orders: readonly OrderState[];
  tally: OrderTally;
  stats: RequestStats;
  /** performance.now() when placing began and ended, and when settling ended. */
  placingStartedAt: number;
  placingEndedAt: number;
  settleEndedAt: number;
}

/** The summary of a finished (or stopped) run. */
export function summarizeRun(run: RunRecord): SimulationSummary {
  const { options: o, tally, stats } = run;
  const acknowledged = run.orders.filter((s) => s.acknowledged);
  const lost = acknowledged.filter((s) => s.lost);
  const stuck = acknowledged.filter((s) => !s.lost && !s.confirmedFinal);
  const paid = acknowledged.filter((s) => s.paymentSent);
  const placingS = Math.max(0, run.placingEndedAt - run.placingStartedAt) / 1000;
  const settleS = Math.max(0, run.settleEndedAt - run.placingEndedAt) / 1000;
  const seenFinal = acknowledged.filter((s) => s.finalAfterMs !== undefined && !s.lost && tally.isFinal(s.status));
  const orderToFinalByStatus: Partial<Record<OrderStatusName, LatencySummary>> = {};
  for (const status of STATUS_ORDER) {
    const times = seenFinal.filter((s) => s.status === status).map((s) => s.finalAfterMs ?? 0);
    if (times.length) orderToFinalByStatus[status] = summarizeLatencies(times);
  }
  return {
    target: o.target,
    seed: o.seed,
    startedAt: run.startedAt,
    interrupted: run.interrupted,
    placingS,
    settleS,
    finalStatuses: [...o.finalStatuses],
    orders: {
      placed: tally.placed,
      acknowledged: acknowledged.length,
      notAcknowledged: tally.placed - acknowledged.length,
      byStatus: tally.byName(),
      lost: lost.length,
      stuck: stuck.length,
      lostOrderIds: lost.slice(0, 100).map((s) => s.orderId),
      stuckOrderIds: stuck.slice(0, 100).map((s) => s.orderId),
    },
    payments: {
      sent: paid.length,
      succeeded: paid.filter((s) => s.paymentAccepted && s.plan.paymentSucceeds).length,
      declined: paid.filter((s) => s.paymentAccepted && !s.plan.paymentSucceeds).length,
      failed: paid.filter((s) => !s.paymentAccepted).length,
    },
    throughput: {
      ordersPerS: placingS > 0 ? acknowledged.length / placingS : 0,
      callsPerS: placingS + settleS > 0 ? stats.calls / (placingS + settleS) : 0,
    },
    failedCalls: stats.failedByCode(),
    failureSamples: stats.failureSamples(),
    latency: stats.rpcs(),
    nodes: stats.nodes(),
    orderToFinal: summarizeLatencies(seenFinal.map((s) => s.finalAfterMs ?? 0)),
    orderToFinalByStatus,
    pollIntervalMs: o.pollIntervalMs,
    ok: lost.length === 0 && stuck.length === 0,
  };
}
