/**
 * Domain errors: what went wrong, in the domain's words. Domain code throws these and never
 * imports grpc; one table at the server edge (lib/grpc/status-map.ts) turns them into gRPC
 * status codes.
 */

import { OrdermeshError } from './ordermesh-error.js';

/** Base class of every error the domain throws on purpose. */
export abstract class DomainError extends OrdermeshError {
  /** A short machine-readable kind, stable across messages. */
  abstract readonly kind: 'invalid-argument' | 'not-found' | 'failed-precondition' | 'aborted' | 'unavailable' | 'resource-exhausted' | 'call-ended';
}

/** Thrown when a request field is missing or malformed; `field` names it (e.g. `items[2].sku`). */
export class InvalidArgumentError extends DomainError {
  readonly kind = 'invalid-argument' as const;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/**
 * Thrown when a request's bytes are not a message of the method's request type (random bytes,
 * truncated, a length past the end, a field of the wrong wire type). Answered INVALID_ARGUMENT
 * naming the request, never INTERNAL: the caller sent it, the caller can fix it.
 */
export class MalformedRequestError extends InvalidArgumentError {
  constructor(
    /** The request type, e.g. 'ordermesh.v1.GetOrderRequest'. */
    readonly messageType: string,
    readonly reason: unknown,
  ) {
    super('request', `is not a valid ${messageType} message (${reason instanceof Error ? reason.message : String(reason)})`);
  }
}

/** Thrown when the order, sku or warehouse a request names does not exist. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown when the request is well formed but the state does not allow it: out of stock, an
 * illegal status transition, a second payment for a paid order. `reason` is a stable code.
 */
export class FailedPreconditionError extends DomainError {
  readonly kind = 'failed-precondition' as const;
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when a compare-and-set lost a race or the database aborted the transaction; retryable. */
export class AbortedError extends DomainError {
  readonly kind = 'aborted' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A dependency every node of the cluster shares (one Postgres). When it fails, trying the same
 * call on another node fails the same way, so routers must not retry it on a sibling.
 */
export type SharedDependency = 'database';

/** Options of {@link UnavailableError} and {@link ResourceExhaustedError}. */
export interface DependencyErrorOptions {
  cause?: unknown;
  /** Set when the failure is a shared dependency's, not this node's (see {@link SharedDependency}). */
  dependency?: SharedDependency;
}

/** Base of {@link UnavailableError} and {@link ResourceExhaustedError}: failures a dependency may cause. */
export abstract class DependencyError extends DomainError {
  /** The shared dependency that is down or out of room, when it is one (then retry later, not on another node). */
  readonly dependency: SharedDependency | undefined;
  constructor(message: string, options?: DependencyErrorOptions) {
    super(message, options);
    this.dependency = options?.dependency;
  }
}

/** Thrown when a dependency (Postgres, etcd) is unreachable or the node is draining; retryable elsewhere. */
export class UnavailableError extends DependencyError {
  readonly kind = 'unavailable' as const;
}

/**
 * Thrown when a dependency is up but out of room (Postgres: too many connections, out of
 * memory, disk full); retryable later, after a backoff.
 */
export class ResourceExhaustedError extends DependencyError {
  readonly kind = 'resource-exhausted' as const;
}

/**
 * The reason a call's AbortSignal carries when its caller is gone: the deadline passed
 * (DEADLINE_EXCEEDED) or the caller cancelled (CANCELLED). Work that had not started yet (a
 * request waiting for the next group-commit batch) is dropped with it, so a dead call costs
 * nothing more; the status it maps to reaches no one, but it is never logged as INTERNAL.
 */
export class CallEndedError extends DomainError {
  readonly kind = 'call-ended' as const;
  constructor(readonly why: 'deadline' | 'cancelled') {
    super(why === 'deadline' ? 'deadline exceeded before the work started' : 'call cancelled by the client');
  }
}
