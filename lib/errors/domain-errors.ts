/**
 * Domain errors: what went wrong, in the domain's words. Domain code throws these and never
 * imports grpc; one table at the server edge (lib/grpc/status-map.ts) turns them into gRPC
 * status codes.
 */

/** Base class of every error the domain throws on purpose. */
export abstract class DomainError extends Error {
  /** A short machine-readable kind, stable across messages. */
  abstract readonly kind: 'invalid-argument' | 'not-found' | 'failed-precondition' | 'aborted' | 'unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
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

/** Thrown when a dependency (Postgres, etcd) is unreachable or the node is draining; retryable elsewhere. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
