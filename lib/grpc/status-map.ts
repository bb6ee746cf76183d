import * as grpc from '@grpc/grpc-js';
import { CallEndedError, DependencyError, DomainError, type SharedDependency } from '../errors/index.js';
import { statusOf } from './status-of.js';

/**
 * Trailing metadata key a server sets when a call failed because a dependency every node shares
 * is down or full (value: the dependency, e.g. `database`). The gateway reads it to answer at
 * once instead of retrying the call on a sibling that shares the same database.
 */
export const FAILED_DEPENDENCY_METADATA = 'ordermesh-failed-dependency';

/** What a failed call answers: a status code and a message a person can act on. */
export interface StatusAnswer {
  code: grpc.status;
  details: string;
  /** True when the error was unexpected: logged, and the span marked as an error. */
  internal: boolean;
  /** The shared dependency that failed, sent as {@link FAILED_DEPENDENCY_METADATA}. */
  dependency?: SharedDependency;
}

const DOMAIN_CODES: Record<DomainError['kind'], grpc.status> = {
  'invalid-argument': grpc.status.INVALID_ARGUMENT,
  'not-found': grpc.status.NOT_FOUND,
  'failed-precondition': grpc.status.FAILED_PRECONDITION,
  aborted: grpc.status.ABORTED,
  unavailable: grpc.status.UNAVAILABLE,
  'resource-exhausted': grpc.status.RESOURCE_EXHAUSTED,
  // Refined by `why` in toStatus: DEADLINE_EXCEEDED or CANCELLED.
  'call-ended': grpc.status.CANCELLED,
};

/**
 * The shared dependency a failed downstream call named in its trailers, if any (so a gateway
 * relaying a node's "database down" passes the mark on to its own caller).
 */
export function failedDependencyOf(err: unknown): SharedDependency | undefined {
  const metadata = (err as { metadata?: unknown } | null | undefined)?.metadata;
  if (!(metadata instanceof grpc.Metadata)) return undefined;
  const [value] = metadata.get(FAILED_DEPENDENCY_METADATA);
  return value === 'database' ? value : undefined;
}

/**
 * THE table from errors to gRPC status codes, applied once at the server edge (STYLE.md):
 * domain errors by kind; statuses of downstream calls passed through (so the gateway relays a
 * warehouse node's answer unchanged, with its failed-dependency mark); anything else is
 * INTERNAL with a generic message.
 */
export function toStatus(err: unknown): StatusAnswer {
  if (err instanceof CallEndedError) {
    return { code: err.why === 'deadline' ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED, details: err.message, internal: false };
  }
  if (err instanceof DomainError) {
    const dependency = err instanceof DependencyError ? err.dependency : undefined;
    return { code: DOMAIN_CODES[err.kind], details: err.message, internal: false, ...(dependency ? { dependency } : {}) };
  }
  const status = statusOf(err);
  if (status && status.code !== grpc.status.OK) {
    const dependency = failedDependencyOf(err);
    return {
      code: status.code,
      details: status.details,
      internal: status.code === grpc.status.INTERNAL || status.code === grpc.status.UNKNOWN,
      ...(dependency ? { dependency } : {}),
    };
  }
  return { code: grpc.status.INTERNAL, details: 'internal error; the server logged the details', internal: true };
}

/** The trailing metadata of a failed call's answer. */
export function answerMetadata(answer: StatusAnswer): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (answer.dependency) metadata.set(FAILED_DEPENDENCY_METADATA, answer.dependency);
  return metadata;
}
