import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InvalidArgumentError, UnavailableError } from '#lib/errors/index.js';
import { callBytes, contextFromMetadata, injectContext, toStatus, type ByteAnswer, type NodeStatusError } from '#lib/grpc/index.js';
import { forwardPrincipal } from '#lib/security/index.js';
import type { Topology } from '#lib/orders/index.js';
import type { AssignedNode, Router } from '#lib/routing/index.js';
import { tracer } from '#lib/telemetry/index.js';
import type { RetryPolicy } from './forwarder.js';
import type { GatewayDeps } from './gateway-deps.js';
import type { RequestType } from './request-type.js';

/** Where one call goes, worked out from its routing key alone. */
export interface RoutePlan {
  /** What the call is about, for messages and logs, e.g. 'order HCM-01J...'. */
  subject: string;
  /** The nodes to try, best first (asked again before every attempt). */
  candidates(router: Router): readonly AssignedNode[];
  /** The error when `candidates` is empty. */
  noNode(router: Router): Error;
  /** Extra metadata for the node, e.g. the minted order id. */
  metadata?: grpc.Metadata;
  retry?: RetryPolicy;
  /** The order the call is about, for the span. */
  orderId?: string;
}

/** How the gateway forwards one method. */
export interface ForwardRoute {
  readonly request: RequestType;
  /**
   * Reads the routing key from the serialized request and plans the call; returns the error
   * to answer instead when the key routes nowhere (an unknown region, a malformed order id).
   * Thrown by: MalformedRequestError when the bytes are not a request message.
   */
  plan(bytes: Buffer, topology: Topology): RoutePlan | InvalidArgumentError;
  /**
   * Validates the decoded request as a node would (lib/orders' validators).
   * Thrown by: InvalidArgumentError naming the first bad field.
   */
  validate(request: unknown, topology: Topology): void;
}

/**
 * The answer when the gateway has to answer a call itself. A node validates every field, so a
 * forwarded request is never validated here; but where no node is asked (the key routes
 * nowhere, or no node could be reached), the caller gets what a node would have said about a bad
 * request (INVALID_ARGUMENT naming the first bad field, the same validators, the same words)
 * rather than an UNAVAILABLE that a retry cannot fix. Only then is the request decoded.
 */
function answerItself(route: ForwardRoute, bytes: Buffer, topology: Topology, otherwise: unknown): unknown {
  try {
    route.validate(route.request.decode(bytes), topology);
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  return otherwise;
}

/**
 * A grpc-js unary handler (identity serializers: the request arrives as bytes, the response
 * leaves as bytes) that forwards `route`'s calls to warehouse nodes untouched:
 * - only the routing key is read from the request; the node validates the rest;
 * - the caller's deadline, cancellation and trace context go to the node (the server span
 *   here is the parent of the node's), the minted order id in metadata for CreateOrder;
 * - with security on, the caller the server's authorizer verified goes to the node in
 *   `ordermesh-principal` (the node trusts it from the gateway's certificate and checks that
 *   caller's roles again);
 * - UNAVAILABLE is retried on the next candidate within the deadline (lib's Forwarder);
 * - the node's response bytes, status and metadata (headers and trailers) go back unchanged;
 *   the gateway's own failures go through the status table of lib/grpc, as every handler's do.
 * Counts the call in the server's stats.
 */
export function forwardingHandler(deps: GatewayDeps, route: ForwardRoute): grpc.handleUnaryCall<Buffer, Buffer> {
  const { env, forwarder } = deps;
  const { method, path } = route.request;
  const attributes = { 'rpc.system': 'grpc', 'rpc.method': path };
  return (call, callback) => {
    const done = env.stats.begin(path);
    const parent = contextFromMetadata(call.metadata);
    const span = tracer().startSpan(path, { kind: SpanKind.SERVER, attributes }, parent);
    const traced = trace.setSpan(parent, span);
    const bytes = call.request;
    const topology = deps.topology();

    const answer = (a: ByteAnswer): void => {
      span.setAttribute('rpc.grpc.status_code', grpc.status.OK);
      span.end();
      done(true);
      if (a.headers) call.sendMetadata(a.headers);
      callback(null, a.response, a.trailers);
    };
    const fail = (err: unknown): void => {
      const status = toStatus(err);
      span.setAttribute('rpc.grpc.status_code', status.code);
      if (status.internal) {
        env.log.error({ err, method: path }, 'call failed');
        span.recordException(err instanceof Error ? err : new Error(String(err)));
        span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
      } else {
        span.setStatus({ code: SpanStatusCode.UNSET, message: status.details });
      }
      span.end();
      done(false);
      // A node's headers and trailers go back with its status.
      const { headers, metadata: trailers } = (err ?? {}) as Partial<NodeStatusError>;
      if (headers instanceof grpc.Metadata) call.sendMetadata(headers);
      callback({ code: status.code, details: status.details, metadata: trailers instanceof grpc.Metadata ? trailers : new grpc.Metadata() });
    };

    let plan: RoutePlan | InvalidArgumentError;
    try {
      plan = route.plan(bytes, topology);
      if (plan instanceof InvalidArgumentError) {
        fail(answerItself(route, bytes, topology, plan));
        return;
      }
    } catch (err) {
      fail(err);
      return;
    }
    if (plan.orderId) span.setAttribute('ordermesh.order_id', plan.orderId);
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort(new Error('call cancelled by the client')));
    forwarder
      .forward<ByteAnswer>({
        method,
        subject: plan.subject,
        candidates: plan.candidates,
        noNode: plan.noNode,
        context: { deadline: call.getDeadline(), signal: controller.signal },
        ...(plan.metadata ? { metadata: plan.metadata } : {}),
        ...(plan.retry ? { retry: plan.retry } : {}),
        call: (channel, options) => {
          // The forwarder gives every attempt fresh metadata.
          if (options.metadata) {
            injectContext(options.metadata, traced);
            // The caller the server's authorizer verified (lib/security); nothing in plaintext.
            forwardPrincipal(call.metadata, options.metadata);
          }
          return callBytes(channel.raw, path, bytes, options);
        },
      })
      .then(answer, (err: unknown) => {
        // Only the gateway's own UNAVAILABLE (no routing table, no live node, every candidate
        // down) is a DomainError; a node's answer is a grpc-js status error and goes back as is.
        let out = err;
        if (err instanceof UnavailableError) {
          try {
            out = answerItself(route, bytes, topology, err);
          } catch (decodeErr) {
            out = decodeErr;
          }
        }
        fail(out);
      });
  };
}

/** The handlers of `routes`, by method name, for `server.addService`. */
export function forwardingHandlers(deps: GatewayDeps, routes: readonly ForwardRoute[]): grpc.UntypedServiceImplementation {
  return Object.fromEntries(routes.map((route) => [route.request.method, forwardingHandler(deps, route)]));
}
