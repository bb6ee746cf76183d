import * as grpc from '@grpc/grpc-js';

/** The gRPC status a failed call carries: its code and its details. */
export interface CallStatus {
  code: grpc.status;
  details: string;
}

/**
 * The gRPC status of an error: what grpc-js rejects a call with, a downstream answer relayed, or
 * one of our errors that carries its own status. Undefined for an error with no status code (a
 * bug, an abort, a dependency's own error), which callers treat as their own "unknown" case.
 * `details` is the error's details, or its message when it has none.
 */
export function statusOf(err: unknown): CallStatus | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, details, message } = err as { code?: unknown; details?: unknown; message?: unknown };
  // Only codes grpc-js names: a number from elsewhere (an errno, a library's own code) is no status.
  if (typeof code !== 'number' || grpc.status[code] === undefined) return undefined;
  return { code: code as grpc.status, details: typeof details === 'string' ? details : typeof message === 'string' ? message : '' };
}
