import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError, StatusCarryingError, UnavailableError } from '#lib/errors/index.js';

/**
 * Errors of the gateway: small classes with readonly fields and a `cause`. The UNAVAILABLE ones
 * are DomainErrors (lib/grpc's status table maps them); the two that end a call early carry
 * their own gRPC status (`code`, `details`), which that table passes through unchanged.
 */

/**
 * Thrown by the forwarder when the gateway has read no assignment yet (it just started, or etcd
 * has been unreachable since it started, or no controller has published one).
 */
export class NoAssignmentError extends UnavailableError {
  constructor(readonly assignmentKey: string) {
    super(
      `the gateway has no routing table yet: no assignment has been read from etcd key ${assignmentKey}; ` +
        'check that etcd is reachable and a controller is running, then try again',
    );
  }
}

/**
 * Thrown by the forwarder when the assignment names no live node that could serve the call: the
 * region and every region it fails over to have no ACTIVE member (or, for calls about no region,
 * no node is ACTIVE at all).
 */
export class NoLiveNodeError extends UnavailableError {
  constructor(
    /** The region the call is about; undefined for calls about no region. */
    readonly region: string | undefined,
    /** The regions that would take over `region`'s work, in order. */
    readonly failover: readonly string[],
    /** The epoch of the assignment that was consulted. */
    readonly epoch: number,
  ) {
    super(
      region === undefined
        ? `no live warehouse node is ACTIVE in the assignment (epoch ${epoch}); start a node or wait for the controller to admit one`
        : `no live warehouse node serves region ${region} or its failover regions` +
            (failover.length ? ` (${failover.join(', ')})` : '') +
            ` in the assignment (epoch ${epoch}); start a node in one of them or wait for the controller to admit one`,
    );
  }
}

/**
 * Thrown by the gateway's field reader when a request's bytes are not a message of the method's
 * request type; one class for the gateway and every server (lib/errors).
 */
export { MalformedRequestError } from '#lib/errors/index.js';

/**
 * Thrown by the gateway when a request is well formed but its routing key names nothing it can
 * route to, and the node's own validation finds no other fault (the gateway and the node
 * disagree on the topology, e.g. while an assignment with a new region propagates).
 */
export class UnroutableRequestError extends InvalidArgumentError {
  constructor(
    /** The routing field, e.g. 'region'. */
    field: string,
    problem: string,
  ) {
    super(field, problem);
  }
}

/** One failed attempt of a forwarded call. */
export interface AttemptFailure {
  nodeId: string;
  address: string;
  /** The status the node (or grpc-js, for a connection failure) answered. */
  code: grpc.status;
  details: string;
}

function describe(attempts: readonly AttemptFailure[], totalAttempts: number): string {
  // The last few attempts are enough to act on; a long outage would otherwise make huge messages.
  const shown = attempts.slice(-4).map((a) => `${a.nodeId} at ${a.address}: ${a.details}`);
  const hidden = totalAttempts - shown.length;
  return (hidden > 0 ? `${hidden} earlier attempts, then ` : '') + shown.join('; ');
}

/**
 * Thrown by the forwarder when every candidate node answered UNAVAILABLE (or could not be
 * reached) and the caller's deadline leaves no time for another round. `cause` is the last
 * node's error.
 */
export class CandidatesUnavailableError extends UnavailableError {
  constructor(
    /** The forwarded method, e.g. 'CreateOrder'. */
    readonly method: string,
    /** What the call was about, e.g. 'order HCM-01J...'. */
    readonly subject: string,
    /** The last attempts (at most 16), oldest first. */
    readonly attempts: readonly AttemptFailure[],
    /** How many attempts failed in all. */
    readonly totalAttempts: number,
    options?: { cause?: unknown },
  ) {
    super(`no warehouse node could serve ${method} for ${subject}; try again shortly (${describe(attempts, totalAttempts)})`, options);
  }
}

/**
 * Thrown by the forwarder when the caller's deadline (or the gateway's default one) passed
 * between attempts. Answered as DEADLINE_EXCEEDED.
 */
export class ForwardDeadlineError extends StatusCarryingError {
  readonly code = grpc.status.DEADLINE_EXCEEDED;

  constructor(
    readonly method: string,
    readonly subject: string,
    /** The last attempts (at most 16), oldest first. */
    readonly attempts: readonly AttemptFailure[],
    /** How many attempts failed in all. */
    readonly totalAttempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `deadline exceeded before a warehouse node could serve ${method} for ${subject}` + (attempts.length ? ` (${describe(attempts, totalAttempts)})` : ''),
      options,
    );
  }
}

/**
 * Thrown by the forwarder when the caller cancelled the call before a node answered. Answered as
 * CANCELLED (the caller no longer listens; this is for logs and spans).
 */
export class ForwardCancelledError extends StatusCarryingError {
  readonly code = grpc.status.CANCELLED;

  constructor(
    readonly method: string,
    readonly subject: string,
    options?: { cause?: unknown },
  ) {
    super(`the caller cancelled ${method} for ${subject}`, options);
  }
}
