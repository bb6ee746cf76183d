import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { tracer } from '../telemetry/index.js';
import { MAX_MESSAGE_BYTES } from './message-limits.js';
import { injectContext } from './trace-metadata.js';

/** Channel options every ordermesh client uses: keepalive, and message limits matching servers (default the shared {@link MAX_MESSAGE_BYTES}). */
export function channelOptions(maxMessageBytes = MAX_MESSAGE_BYTES): grpc.ChannelOptions {
  return {
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    // Reconnect quickly after a node restarts; the default backoff starts at 1 s.
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 2_000,
    // Nothing reads channelz, and grpc-js's own retries are off: callers retry what is safe to
    // retry themselves (the gateway's Forwarder, wms-sim, ecom-sim). Both cost CPU on every call.
    'grpc.enable_channelz': 0,
    'grpc.enable_retries': 0,
  };
}

/**
 * A client interceptor that starts a client span per call and sends its context as W3C trace
 * context in the metadata, so the server's span joins the caller's trace.
 */
export const tracingInterceptor: grpc.Interceptor = (options, nextCall) => {
  const method = options.method_definition.path;
  const parent = context.active();
  const span = tracer().startSpan(method, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, parent);
  return new grpc.InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      injectContext(metadata, trace.setSpan(parent, span));
      next(metadata, {
        onReceiveStatus(status, nextStatus) {
          span.setAttribute('rpc.grpc.status_code', status.code);
          if (status.code !== grpc.status.OK) span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
          span.end();
          nextStatus(status);
        },
      });
    },
  });
};

/** Options of one unary call made with {@link callUnary}. */
export interface CallOptions {
  /** Absolute deadline (Date or ms since epoch); Infinity for none. */
  deadline?: Date | number;
  /** Cancels the call when it aborts. */
  signal?: AbortSignal;
  metadata?: grpc.Metadata;
}

/**
 * A generated client method. Typed by its last overload, `(request, callback)`, which is the
 * one TypeScript infers from; it is called with metadata and options, an earlier overload.
 */
type UnaryMethod<Req, Res> = (request: Req, callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;
type FullUnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

/**
 * Makes a unary call as a promise, with a deadline and cancellation by AbortSignal. Rejects
 * with the grpc-js ServiceError (code, details) so callers can decide on retries by code.
 */
export function callUnary<Req, Res>(client: grpc.Client, method: UnaryMethod<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    const callOptions: grpc.CallOptions = {};
    if (options.deadline !== undefined) callOptions.deadline = options.deadline;
    const call = (method as unknown as FullUnaryMethod<Req, Res>).call(client, request, options.metadata ?? new grpc.Metadata(), callOptions, (err, response) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(response as Res);
    });
    const onAbort = (): void => call.cancel();
    if (options.signal?.aborted) call.cancel();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
