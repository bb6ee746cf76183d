import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { CallEndedError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { tracer } from '../telemetry/index.js';
import type { CallStats } from './call-stats.js';
import { answerMetadata, toStatus } from './status-map.js';
import { contextFromMetadata } from './trace-metadata.js';

/** What a handler knows about the call besides its request. */
export interface CallContext {
  /**
   * Aborts when the caller cancels or the deadline passes; pass it to I/O calls that can stop
   * half-way. Made on first use (an AbortController and a timer per call cost a few per cent of
   * a node's CPU), so handlers that do not need it do not pay for it.
   */
  readonly signal: AbortSignal;
  /**
   * Why the call is over (deadline passed, or cancelled by the caller), or undefined while it
   * is live: a cheap check for work that has not started yet (see lib/runtime's Batcher).
   */
  ended(): CallEndedError | undefined;
  /** The caller's deadline (Infinity when none), to propagate downstream. */
  readonly deadline: Date | number;
  /** The incoming metadata (trace context, idempotency hints). */
  readonly metadata: grpc.Metadata;
  /** The full method name, e.g. '/ordermesh.v1.OrderService/CreateOrder'. */
  readonly method: string;
}

/** A typed unary handler: request in, response out, errors thrown. */
export type UnaryFn<Req, Res> = (request: Req, call: CallContext) => Promise<Res>;

/** Shared by every handler of a server: where to log and what to count. */
export interface HandlerEnv {
  log: Logger;
  stats: CallStats;
  /**
   * Turns errors of a driver (e.g. a PostgresError) into domain errors before the status table
   * sees them, so the one table maps them by kind; errors it does not know it returns as given.
   */
  translate?: (err: unknown) => unknown;
  /**
   * Called before each handler; throws (a domain error) to refuse the call at once, e.g. while
   * the database is known to be down, instead of letting it queue on a dead pool.
   */
  admit?: () => void;
}

function deadlineSignal(call: grpc.ServerUnaryCall<unknown, unknown>): AbortSignal {
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort(new CallEndedError('cancelled')));
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (Number.isFinite(at)) {
    const timer = setTimeout(() => controller.abort(new CallEndedError('deadline')), Math.max(0, at - Date.now()));
    timer.unref();
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    call.on('finish', () => clearTimeout(timer));
  }
  return controller.signal;
}

/**
 * Wraps a promise-returning handler as a grpc-js unary handler: a server span joined to the
 * caller's trace, an AbortSignal for cancellation and the deadline, in-flight and latency
 * counting, and errors mapped to statuses by the one table in status-map.ts.
 */
export function unary<Req, Res>(env: HandlerEnv, method: string, fn: UnaryFn<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const done = env.stats.begin(method);
    const parent = contextFromMetadata(call.metadata);
    const span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, parent);
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
    let signal: AbortSignal | undefined;
    const ctx: CallContext = {
      get signal() {
        signal ??= deadlineSignal(call);
        return signal;
      },
      ended: () => (call.cancelled ? new CallEndedError('cancelled') : Date.now() >= deadlineMs ? new CallEndedError('deadline') : undefined),
      deadline,
      metadata: call.metadata,
      method,
    };
    context
      .with(trace.setSpan(parent, span), async () => {
        env.admit?.();
        return fn(call.request, ctx);
      })
      .then(
        (response) => {
          span.setAttribute('rpc.grpc.status_code', grpc.status.OK);
          span.end();
          done(true);
          callback(null, response);
        },
        (thrown: unknown) => {
          const err = env.translate ? env.translate(thrown) : thrown;
          const answer = toStatus(err);
          span.setAttribute('rpc.grpc.status_code', answer.code);
          if (answer.internal) {
            env.log.error({ err, method }, 'call failed');
            span.recordException(err instanceof Error ? err : new Error(String(err)));
            span.setStatus({ code: SpanStatusCode.ERROR, message: answer.details });
          } else {
            span.setStatus({ code: SpanStatusCode.UNSET, message: answer.details });
          }
          span.end();
          done(false);
          callback({ code: answer.code, details: answer.details, metadata: answerMetadata(answer) });
        },
      );
  };
}
