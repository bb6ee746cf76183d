import { OrdermeshError } from './ordermesh-error.js';

/**
 * An error that carries the gRPC status it is answered with: `code` and `details`, the shape of
 * grpc-js's own errors, which lib/grpc's status table passes through unchanged. For refusals
 * that are no domain error: authentication and authorization (lib/security), a gateway's
 * deadline or a caller's cancel. `code` is a grpc.status value (lib/errors does not import grpc).
 */
export abstract class StatusCarryingError extends OrdermeshError {
  /** The gRPC status code, a grpc.status value. */
  abstract readonly code: number;
  /** The status details: the message, as the caller receives it. */
  readonly details: string;

  constructor(details: string, options?: { cause?: unknown }) {
    super(details, options);
    this.details = details;
  }
}
