/**
 * Errors of lib/membership: small classes with readonly fields and a `cause`, so callers branch
 * on the class (the server edge maps EtcdUnavailableError to UNAVAILABLE) instead of on text.
 */

import { OrdermeshError } from '../errors/index.js';

/** Why an {@link EtcdSession}'s lease is no longer held. */
export type SessionLostReason =
  /** etcd said the lease does not exist: it expired, or someone revoked it. */
  | 'revoked-or-expired'
  /** No keepalive was acknowledged for a whole TTL, so etcd has (or may have) expired it. */
  | 'keepalive-timeout';

/**
 * The lease behind a session is gone; keys written under it are (or will shortly be) deleted by
 * etcd. Thrown by EtcdSession.put/putAll when etcd rejects the lease; also the reason of
 * `session.done` when the loss is noticed by the keepalive.
 */
export class SessionLostError extends OrdermeshError {
  constructor(
    readonly leaseId: string,
    readonly reason: SessionLostReason,
    options?: { cause?: unknown },
  ) {
    super(`etcd lease ${leaseId} lost (${reason})`, options);
  }
}

/** Thrown by EtcdSession.put/putAll after revoke() or release(); the reason of `done` then. */
export class SessionClosedError extends OrdermeshError {
  constructor(
    readonly leaseId: string,
    readonly how: 'revoked' | 'released',
  ) {
    super(`etcd session on lease ${leaseId} was ${how}`);
  }
}

/**
 * etcd did not answer or refused a request (down, partitioned, deadline passed, circuit open).
 * Thrown by EtcdSession.grant/put/putAll/revoke; `cause` is the etcd3 error.
 */
export class EtcdUnavailableError extends OrdermeshError {
  constructor(
    /** What was attempted, e.g. 'lease grant'. */
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    // The cause's text is not repeated here: pino's err serializer and util.inspect print the
    // cause chain, and repeating it doubles every log line.
    super(`etcd ${operation} failed`, options);
  }
}

/** Thrown by the key functions when a node id could escape its key (contains '/', is empty, ...). */
export class InvalidNodeIdError extends RangeError {
  override readonly name = 'InvalidNodeIdError';

  constructor(readonly nodeId: string) {
    super(`invalid node id ${JSON.stringify(nodeId)}: use 1 to 63 characters of a-z, 0-9 and -, starting with a letter or digit`);
  }
}

/** Thrown by a decoder from {@link jsonDecoder} when a stored value is not valid JSON of the expected shape. */
export class InvalidValueError extends OrdermeshError {
  constructor(
    /** What was expected, e.g. 'node registration'. */
    readonly expected: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${expected}`, options);
  }
}
