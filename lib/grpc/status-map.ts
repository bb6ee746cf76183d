import * as grpc from '@grpc/grpc-js';
import { DomainError } from '../errors/index.js';

/** What a failed call answers: a status code and a message a person can act on. */
export interface StatusAnswer {
  code: grpc.status;
  details: string;
  /** True when the error was unexpected: logged, and the span marked as an error. */
  internal: boolean;
}

const DOMAIN_CODES: Record<DomainError['kind'], grpc.status> = {
  'invalid-argument': grpc.status.INVALID_ARGUMENT,
  'not-found': grpc.status.NOT_FOUND,
  'failed-precondition': grpc.status.FAILED_PRECONDITION,
  aborted: grpc.status.ABORTED,
  unavailable: grpc.status.UNAVAILABLE,
};

/** An error that already carries a gRPC status (from a downstream call, or grpc-js itself). */
function isStatusError(err: unknown): err is { code: grpc.status; details: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'number' &&
    typeof (err as { details?: unknown }).details === 'string'
  );
}

/**
 * THE table from errors to gRPC status codes, applied once at the server edge (STYLE.md):
 * domain errors by kind; statuses of downstream calls passed through (so the gateway relays a
 * warehouse node's answer unchanged); anything else is INTERNAL with a generic message.
 */
export function toStatus(err: unknown): StatusAnswer {
  if (err instanceof DomainError) return { code: DOMAIN_CODES[err.kind], details: err.message, internal: false };
  if (isStatusError(err) && err.code !== grpc.status.OK) {
    return { code: err.code, details: err.details, internal: err.code === grpc.status.INTERNAL || err.code === grpc.status.UNKNOWN };
  }
  return { code: grpc.status.INTERNAL, details: 'internal error; the server logged the details', internal: true };
}
