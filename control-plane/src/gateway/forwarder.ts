import * as grpc from '@grpc/grpc-js';
import { failedDependencyOf, statusOf, type CallOptions } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import { Backoff, type BackoffOptions } from '#lib/runtime/index.js';
import type { AssignedNode, Router } from '#lib/routing/index.js';
import { sleep } from '#lib/runtime/index.js';
import type { ChannelLease, ChannelPool } from './channel-pool.js';
import {
  CandidatesUnavailableError,
  ForwardCancelledError,
  ForwardDeadlineError,
  NoAssignmentError,
  type AttemptFailure,
} from './errors.js';

/** Where the forwarder reads the latest Router from (an AssignmentSource in production). */
export interface RouterSource {
  /** The Router of the latest assignment; undefined before the first one. */
  readonly router: Router | undefined;
  /** The etcd key of the assignment, for the "no routing table" message. */
  readonly key: string;
}

/**
 * Which UNAVAILABLE answers are retried on the next candidate:
 * - 'unavailable': every one. For calls that are idempotent (reads; CreateOrder with its
 *   minted id; ConfirmPayment per payment id; CancelOrder; ReportShipment per shipment id;
 *   SetStock in SET mode): a retry of a call that did reach a node changes nothing twice.
 * - 'unsent': only those where grpc-js never sent the request (no connection to the node). For
 *   calls that are not idempotent (SetStock in ADD mode): an UNAVAILABLE after the request went
 *   out (connection reset mid-call) may have been applied, and is returned to the caller.
 */
export type RetryPolicy = 'unavailable' | 'unsent';

/** The caller's side of a forwarded call. */
export interface ForwardContext {
  /** The caller's deadline (Date or ms since epoch; Infinity for none). */
  readonly deadline: Date | number;
  /** Aborts when the caller cancels (or its deadline passes). */
  readonly signal: AbortSignal;
}

/** One call to forward. */
export interface ForwardRequest<Res> {
  /** The method, for messages and logs, e.g. 'CreateOrder'. */
  method: string;
  /** What the call is about, for messages, e.g. 'order HCM-01J...'. */
  subject: string;
  /**
   * The nodes to try, best first, from the given (latest) Router. Called before every attempt,
   * so a retry follows an assignment that moved on.
   */
  candidates(router: Router): readonly AssignedNode[];
  /** The error to answer when `candidates` is empty (a {@link NoLiveNodeError}, usually). */
  noNode(router: Router): Error;
  /**
   * Makes the call on a node's channel (its typed clients, or the bare client for serialized
   * requests) with the given deadline, signal and metadata.
   */
  call(channel: ChannelLease, options: CallOptions): Promise<Res>;
  context: ForwardContext;
  /** Extra metadata for the node (copied for every attempt). */
  metadata?: grpc.Metadata;
  /** Default 'unavailable'. */
  retry?: RetryPolicy;
}

/** Options of {@link Forwarder}. */
export interface ForwarderOptions {
  source: RouterSource;
  pool: ChannelPool;
  log?: Logger;
  /** Deadline given to a call whose caller set none; default 10 000 ms. */
  defaultDeadlineMs?: number;
  /**
   * How much earlier than the caller's deadline the node's deadline is; default 10 ms. gRPC
   * sends deadlines as relative timeouts, so each hop pushes the absolute deadline later by its
   * transit time (1-2 ms on one host, more under load); the margin keeps the node's deadline
   * within the caller's, and leaves the gateway time to relay the node's own answer.
   */
  deadlineMarginMs?: number;
  /** Pause after every candidate failed, before the next round; default 50 ms doubling to 1 s. */
  backoff?: BackoffOptions;
}

/** Counters of a forwarder since it started (for metrics). */
export interface ForwarderCounters {
  /** Calls forwarded. */
  calls: number;
  /** Attempts that failed with a retryable status and moved on to another candidate or round. */
  retries: number;
  /** Calls answered UNAVAILABLE or DEADLINE_EXCEEDED because no candidate could serve them. */
  exhausted: number;
}

/** How many failed attempts of one call are kept for its error message. */
const MAX_KEPT_FAILURES = 16;

/** UNAVAILABLE details of grpc-js when the request never left the gateway (no connection). */
const UNSENT = /No connection established|Channel closed before call started/;

function millis(deadline: Date | number): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/**
 * Forwards unary calls from the gateway to warehouse nodes. For each call it asks the latest
 * Router for candidates and tries them in order:
 * - the caller's deadline goes to the node, a few ms earlier (or `defaultDeadlineMs` from now
 *   when the caller set none), the caller's cancellation cancels the node's call, extra metadata is sent along,
 *   and trace context joins the caller's trace (lib/grpc's tracing interceptor);
 * - UNAVAILABLE (which is also what refused, reset and unreachable connections give) moves on
 *   to the next candidate (except when the node marked it as its shared database's: then it is
 *   answered at once, see FAILED_DEPENDENCY_METADATA), re-reading the candidates from the latest Router; when every
 *   candidate has failed and the deadline leaves time, it waits a little (backoff) and starts
 *   a new round;
 * - every other status, and every answer, is returned to the caller unchanged.
 */
export class Forwarder {
  private readonly log: Logger;
  private readonly defaultDeadlineMs: number;
  private readonly deadlineMarginMs: number;
  private readonly counters: ForwarderCounters = { calls: 0, retries: 0, exhausted: 0 };

  constructor(private readonly options: ForwarderOptions) {
    this.log = (options.log ?? silentLogger()).child({ component: 'forwarder' });
    this.defaultDeadlineMs = options.defaultDeadlineMs ?? 10_000;
    this.deadlineMarginMs = options.deadlineMarginMs ?? 10;
  }

  /** The latest Router (undefined before the first assignment), for callers that split a batch by owner. */
  get router(): Router | undefined {
    return this.options.source.router;
  }

  /** A copy of the counters. */
  get stats(): ForwarderCounters {
    return { ...this.counters };
  }

  /**
   * Forwards one call and resolves with the node's answer.
   * Thrown by (rejects with): the node's error for any status but a retried UNAVAILABLE;
   * NoAssignmentError before the first assignment; `request.noNode(router)` when the
   * assignment has no candidate; CandidatesUnavailableError when every candidate was
   * unavailable and no time is left for another round; ForwardDeadlineError when the deadline
   * passed between attempts; ForwardCancelledError when the caller cancelled.
   */
  async forward<Res>(request: ForwardRequest<Res>): Promise<Res> {
    this.counters.calls++;
    const { signal } = request.context;
    const callerDeadline = millis(request.context.deadline);
    const deadline = Number.isFinite(callerDeadline) ? callerDeadline : Date.now() + this.defaultDeadlineMs;
    const policy = request.retry ?? 'unavailable';
    // Made on the first failure: most calls succeed on their first attempt.
    let backoff: Backoff | undefined;
    // The last attempts, for the error message; a long deadline over a dead region must not
    // collect thousands.
    const failures: AttemptFailure[] = [];
    let failedAttempts = 0;
    // Nodes that failed in this round, by id and address: a node that came back at a new
    // address is a new candidate.
    let failedThisRound: Set<string> | undefined;
    let lastError: unknown;
    for (;;) {
      if (signal.aborted && Date.now() < deadline) throw new ForwardCancelledError(request.method, request.subject, { cause: signal.reason });
      if (Date.now() >= deadline) {
        this.counters.exhausted++;
        throw new ForwardDeadlineError(request.method, request.subject, failures, failedAttempts, { cause: lastError });
      }
      const router = this.options.source.router;
      if (!router) throw new NoAssignmentError(this.options.source.key);
      const candidates = request.candidates(router);
      if (candidates.length === 0) throw request.noNode(router);
      const next = failedThisRound ? candidates.find((c) => !failedThisRound?.has(`${c.nodeId}@${c.address}`)) : candidates[0];
      if (!next) {
        // Every candidate failed. Wait a little (the node may be restarting, the assignment
        // catching up) if the deadline leaves room for the wait plus an attempt.
        backoff ??= new Backoff({ initialDelayMs: 50, maxDelayMs: 1_000, ...this.options.backoff });
        const delayMs = backoff.next();
        if (Date.now() + delayMs * 2 >= deadline) {
          this.counters.exhausted++;
          throw new CandidatesUnavailableError(request.method, request.subject, failures, failedAttempts, { cause: lastError });
        }
        await sleep(delayMs, signal);
        failedThisRound = undefined;
        continue;
      }
      const lease = this.options.pool.lease(next.address);
      try {
        return await request.call(lease, {
          // Never before now: a deadline in the past would fail the call with no attempt.
          deadline: Math.max(deadline - this.deadlineMarginMs, Date.now() + 1),
          signal,
          metadata: request.metadata?.clone() ?? new grpc.Metadata(),
        });
      } catch (err) {
        const status = statusOf(err);
        // A node that answers "the database is down" (FAILED_DEPENDENCY_METADATA) is up; every
        // sibling shares that database and would answer the same, so the answer goes straight
        // back to the caller (a retry storm across nodes would only hold it to its deadline).
        const retryable =
          status?.code === grpc.status.UNAVAILABLE &&
          (policy === 'unavailable' || UNSENT.test(status.details)) &&
          failedDependencyOf(err) === undefined &&
          !signal.aborted;
        if (!retryable || !status) throw err;
        this.counters.retries++;
        lastError = err;
        failedAttempts++;
        failures.push({ nodeId: next.nodeId, address: next.address, code: status.code, details: status.details });
        if (failures.length > MAX_KEPT_FAILURES) failures.shift();
        (failedThisRound ??= new Set()).add(`${next.nodeId}@${next.address}`);
        this.log.debug(
          { method: request.method, subject: request.subject, nodeId: next.nodeId, address: next.address, details: status.details, attempt: failedAttempts },
          'node unavailable; trying the next candidate',
        );
      } finally {
        lease.release();
      }
    }
  }
}
