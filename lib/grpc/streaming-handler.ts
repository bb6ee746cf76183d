import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { CallEndedError } from '../errors/index.js';
import { tracer } from '../telemetry/index.js';
import { answerMetadata, toStatus } from './status-map.js';
import { onStreamEnd } from './stream-end.js';
import { contextFromMetadata } from './trace-metadata.js';
import type { CallContext, HandlerEnv } from './unary-handler.js';

/**
 * A typed server-streaming handler: writes messages to `call` and ends it (now or later, e.g.
 * when a watch's client goes away); a throw or a rejection ends the stream with the status the
 * one table in status-map.ts gives the error. `ctx.signal` aborts when the stream is over, for
 * whatever reason.
 */
export type ServerStreamFn<Req, Res> = (call: grpc.ServerWritableStream<Req, Res>, ctx: CallContext) => void | Promise<void>;

/**
 * Wraps a server-streaming handler as {@link unary} wraps a unary one: a server span joined to
 * the caller's trace that lasts as long as the stream and ends with its final status code, and
 * the stream counted in its method's CallStats (in flight while open; failed when it ends with
 * a status other than OK or CANCELLED, since a watch normally ends by its client cancelling).
 * Streams are left out of the server's total, which admission and the load report read: a
 * watch that lives for hours is not load. The RED metrics of every stream are recorded by
 * GrpcServer, whoever wrote the handler.
 */
export function serverStream<Req, Res>(env: HandlerEnv, method: string, fn: ServerStreamFn<Req, Res>): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    const done = env.stats.beginStream(method);
    const parent = contextFromMetadata(call.metadata);
    const span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, parent);
    const over = new AbortController();
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
    onStreamEnd(call, (code) => {
      span.setAttribute('rpc.grpc.status_code', code);
      span.end();
      done(code === grpc.status.OK || code === grpc.status.CANCELLED);
      over.abort(new CallEndedError(code === grpc.status.DEADLINE_EXCEEDED ? 'deadline' : 'cancelled'));
    });
    const ctx: CallContext = {
      signal: over.signal,
      ended: () => (call.cancelled ? new CallEndedError('cancelled') : Date.now() >= deadlineMs ? new CallEndedError('deadline') : undefined),
      deadline,
      metadata: call.metadata,
      method,
    };
    context
      .with(trace.setSpan(parent, span), async () => {
        env.admit?.();
        await fn(call, ctx);
      })
      .catch((thrown: unknown) => {
        const err = env.translate ? env.translate(thrown) : thrown;
        const answer = toStatus(err);
        if (answer.internal) {
          env.log.error({ err, method }, 'call failed');
          span.recordException(err instanceof Error ? err : new Error(String(err)));
          span.setStatus({ code: SpanStatusCode.ERROR, message: answer.details });
        } else {
          span.setStatus({ code: SpanStatusCode.UNSET, message: answer.details });
        }
        // A stream already over (its client gone) has no one to tell; the log and span have it.
        if (!over.signal.aborted) call.emit('error', { code: answer.code, details: answer.details, metadata: answerMetadata(answer) });
      });
  };
}
