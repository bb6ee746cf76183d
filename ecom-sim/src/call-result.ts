/** The outcome of one call of a simulated order, and which failures are tried again. */
import * as grpc from '@grpc/grpc-js';
import { statusOf } from '#lib/grpc/index.js';
import type { Order__Output } from '#lib/proto/index.js';

/**
 * Codes after which the same call is tried again (with the same request_id / payment_id, so it
 * is safe). RESOURCE_EXHAUSTED: a server past capacity shed the call before any work.
 */
export const RETRYABLE: ReadonlySet<string> = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'ABORTED', 'RESOURCE_EXHAUSTED']);

/** The gRPC status name of a failed call ('UNKNOWN' for an error that is not a gRPC one). */
export function statusName(err: unknown): string {
  const status = statusOf(err);
  return status ? grpc.status[status.code] : 'UNKNOWN';
}

/** A call's answer: the order, or the failure's status name and details (calls never throw). */
export type CallResult = { ok: true; order: Order__Output } | { ok: false; code: string; details: string };
