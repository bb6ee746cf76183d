import * as grpc from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from '../logging/index.js';
import type { ServerSecurity } from '../security/index.js';
import { createMetricsRegistry, RpcServerMetrics, type MetricsRegistry, type RpcMethodRecorder } from '../metrics/index.js';
import { CallStats } from './call-stats.js';
import { InFlightPerCaller, peerHost, type CallerKey } from './caller-limit.js';
import { MAX_MESSAGE_BYTES } from './message-limits.js';
import { decodingService } from './request-decoding.js';
import { onStreamEnd } from './stream-end.js';
import { toStatus } from './status-map.js';
import { statusOf } from './status-of.js';

/** Options of {@link GrpcServer}. */
export interface GrpcServerOptions {
  log: Logger;
  /** What server reflection describes: lib/proto's reflectionDefinition(), the descriptors buf built. */
  definition: PackageDefinition;
  /**
   * Largest request accepted, in bytes; a larger one is RESOURCE_EXHAUSTED. Default (and what
   * every ordermesh server uses) {@link MAX_MESSAGE_BYTES}, 1 MiB.
   */
  maxMessageBytes?: number;
  /**
   * Largest response sent, in bytes; default `maxMessageBytes`. Only for a server whose own
   * answers may be larger than anything it accepts (wms-sim's unpaged GetReport).
   */
  maxResponseBytes?: number;
  /**
   * Unary calls this server works on at once. One more is answered RESOURCE_EXHAUSTED at once,
   * before any work, so that past capacity the server sheds load instead of queueing without
   * bound (callers back off and retry). Health checks are not counted and always answer.
   * Default {@link DEFAULT_MAX_IN_FLIGHT}.
   */
  maxInFlight?: number;
  /**
   * Unary calls (until answered) and server streams (until closed) one caller may have in
   * flight at once; one more is answered RESOURCE_EXHAUSTED at once, naming the limit, while
   * other callers are still served. Health checks are not counted. Default
   * {@link DEFAULT_MAX_IN_FLIGHT_PER_CALLER}.
   */
  maxInFlightPerCaller?: number;
  /**
   * Who a call is from, for `maxInFlightPerCaller`; default {@link peerHost} (the peer's address
   * without its port). A server that authenticates its callers (mTLS, bearer tokens) passes
   * their identity here.
   */
  callerOf?: CallerKey;
  /**
   * Where the server's RED metrics go (the component's registry, served at /metrics);
   * default a private registry nobody scrapes.
   */
  metrics?: MetricsRegistry;
  /**
   * TLS credentials and the authorizer every call of an added service passes (health and
   * reflection excepted); undefined serves plaintext and lets every caller call everything
   * (lib/security's openMeshSecurity logs that loudly).
   */
  security?: ServerSecurity | undefined;
}

/** Unary calls a server works on at once by default: far above what batching needs to fill a batch. */
export const DEFAULT_MAX_IN_FLIGHT = 2048;

/**
 * Unary calls one caller may have in flight by default: half the server's, so that one caller
 * alone never fills a server. (In the dev cluster every process is 127.0.0.1, one caller by
 * address; 1024 is still five times what ecom-sim sends at its highest setting.)
 */
export const DEFAULT_MAX_IN_FLIGHT_PER_CALLER = 1024;

/** A service to serve: its definition and its handlers (typed by the generated *Handlers type). */
export interface ServiceRegistration {
  /** Fully qualified name, e.g. 'ordermesh.v1.OrderService' (reflection and health use it). */
  name: string;
  definition: grpc.ServiceDefinition;
  handlers: grpc.UntypedServiceImplementation;
}

const HEALTH_SERVICE = 'grpc.health.v1.Health';
const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

/**
 * A grpc-js server with what every ordermesh server has: grpc.health.v1 (Check and Watch) for
 * the whole server ('') and each service, server reflection (so grpcurl and ghz need no .proto
 * file), message size limits, keepalive, in-flight and latency counting, and the shutdown order
 * NOT_SERVING → drain (tryShutdown) → forceShutdown after a grace period.
 */
export class GrpcServer {
  /** In-flight, rate and latency of the calls this server handles. */
  readonly stats = new CallStats();
  /** The health service; services start NOT_SERVING until {@link setServing}. */
  readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private readonly server: grpc.Server;
  private readonly services: ServiceRegistration[] = [];
  private serving = false;
  private shed = 0;
  private shedByCaller = 0;
  private readonly perCaller: InFlightPerCaller;
  private readonly callerOf: CallerKey;
  private readonly rpcMetrics: RpcServerMetrics;

  constructor(private readonly options: GrpcServerOptions) {
    this.rpcMetrics = new RpcServerMetrics(options.metrics ?? createMetricsRegistry({ processMetrics: false }), () => this.stats.inFlight);
    const maxRequestBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.perCaller = new InFlightPerCaller(options.maxInFlightPerCaller ?? DEFAULT_MAX_IN_FLIGHT_PER_CALLER);
    this.callerOf = options.callerOf ?? peerHost;
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': maxRequestBytes,
      'grpc.max_send_message_length': options.maxResponseBytes ?? maxRequestBytes,
      'grpc.keepalive_time_ms': 30_000,
      // gRPC's default 20 s, not less: a client too busy to answer a ping in time (an overloaded
      // shop on a small host) loses every call in flight when the server gives up on it.
      'grpc.keepalive_timeout_ms': 20_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.http2.min_ping_interval_without_data_ms': 5_000,
      // Nothing reads channelz; its bookkeeping costs CPU on every call.
      'grpc.enable_channelz': 0,
    });
  }

  /**
   * Adds a service; call before {@link listen}. Its methods take their requests as bytes,
   * decoded before the handler reads them (request-decoding.ts): bytes that
   * do not decode are INVALID_ARGUMENT, not grpc-js's INTERNAL. Unary calls pass admission
   * (the in-flight limits, the deadline), server streams their caller's limit, before they are
   * decoded.
   */
  addService(registration: ServiceRegistration): void {
    this.services.push(registration);
    // Admission first (cheapest), then authorization, then decoding: a refused caller costs no decode.
    const recorder = (method: grpc.MethodDefinition<unknown, unknown>): RpcMethodRecorder => this.rpcMetrics.forMethod(registration.name, method.path.split('/')[2] ?? method.path);
    const { definition, handlers } = decodingService(registration.definition, registration.handlers, {
      unary: (handler, method) => this.admitted(recorder(method), this.authorized(method.path, handler)),
      serverStream: (handler, method) => this.admittedStream(recorder(method), this.authorizedStream(method.path, handler)),
    });
    this.server.addService(definition, handlers);
    this.health.setStatus(registration.name, this.serving ? 'SERVING' : 'NOT_SERVING');
  }

  /**
   * Adds health and reflection, binds `host:port` (port 0 picks a free one) and returns the
   * bound port. Health stays NOT_SERVING until {@link setServing}(true).
   * @throws Error when the address cannot be bound (e.g. the port is taken).
   */
  async listen(host: string, port: number): Promise<number> {
    // Health and reflection decode their requests as every service does, but are never shed
    // (no admission): they register through this stand-in for the server.
    const decodingServer = {
      addService: (definition: grpc.ServiceDefinition, handlers: grpc.UntypedServiceImplementation) => {
        const decoding = decodingService(definition, handlers);
        this.server.addService(decoding.definition, decoding.handlers);
      },
    } as unknown as grpc.Server;
    this.health.addToServer(decodingServer);
    // Reflection lists what this server serves, itself included, as servers in other
    // languages do (`grpcurl list` shows grpc.reflection.v1.ServerReflection).
    const reflection = new ReflectionService(this.options.definition, {
      services: [...this.services.map((s) => s.name), HEALTH_SERVICE, ...REFLECTION_SERVICES],
    });
    reflection.addToServer(decodingServer);
    return new Promise((resolve, reject) => {
      const credentials = this.options.security?.credentials ?? grpc.ServerCredentials.createInsecure();
      this.server.bindAsync(`${host}:${port}`, credentials, (err, bound) => {
        if (err) reject(new Error(`cannot listen on ${host}:${port}: ${err.message}`, { cause: err }));
        else resolve(bound);
      });
    });
  }

  /**
   * Admission before any work: a call over the server's in-flight limit, or over its caller's,
   * is RESOURCE_EXHAUSTED; a call whose deadline has already passed is DEADLINE_EXCEEDED (nobody
   * waits for its answer). `handler` decodes the request after that. Every answer, refused ones
   * included, is recorded in the RED metrics with its status code: this is the one place every
   * unary answer passes, whoever wrote the handler (unary(), the gateway's byte forwarder).
   */
  private admitted(recorder: RpcMethodRecorder, handler: grpc.handleUnaryCall<unknown, unknown>): grpc.handleUnaryCall<unknown, unknown> {
    const max = this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    const perCaller = this.perCaller;
    return (call, callback) => {
      const startedAtMs = performance.now();
      if (this.stats.inFlight >= max) {
        this.shed += 1;
        recorder.record(grpc.status.RESOURCE_EXHAUSTED, startedAtMs);
        callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: `this server is at its limit of ${max} calls in flight; retry shortly, with backoff` });
        return;
      }
      const caller = this.callerOf(call);
      if (!perCaller.tryAcquire(caller)) {
        this.shed += 1;
        this.shedByCaller += 1;
        recorder.record(grpc.status.RESOURCE_EXHAUSTED, startedAtMs);
        callback(perCaller.refusal(caller));
        return;
      }
      const deadline = call.getDeadline();
      const at = deadline instanceof Date ? deadline.getTime() : deadline;
      if (Number.isFinite(at) && at <= Date.now()) {
        perCaller.release(caller);
        recorder.record(grpc.status.DEADLINE_EXCEEDED, startedAtMs);
        callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'the deadline had passed before the call could start' });
        return;
      }
      handler(call, (err, value, trailer, flags) => {
        perCaller.release(caller);
        recorder.record(err ? (statusOf(err)?.code ?? grpc.status.UNKNOWN) : grpc.status.OK, startedAtMs);
        callback(err, value, trailer, flags);
      });
    };
  }

  /**
   * With security on, a unary handler behind the authorizer: a caller that is not authenticated
   * or lacks the role is refused (UNAUTHENTICATED / PERMISSION_DENIED) before the handler runs,
   * so nothing is written. Without security, the handler itself (no cost per call).
   */
  private authorized(path: string, handler: grpc.handleUnaryCall<unknown, unknown>): grpc.handleUnaryCall<unknown, unknown> {
    const authorizer = this.options.security?.authorizer;
    if (!authorizer) return handler;
    const refuse = (callback: grpc.sendUnaryData<unknown>, err: unknown): void => {
      const answer = toStatus(err);
      this.options.log.debug({ method: path, code: answer.code, details: answer.details }, 'call refused');
      callback({ code: answer.code, details: answer.details });
    };
    return (call, callback) => {
      let pending: void | Promise<void>;
      try {
        pending = authorizer.authorize(call, path);
      } catch (err) {
        refuse(callback, err);
        return;
      }
      if (pending) void pending.then(() => handler(call, callback), (err: unknown) => refuse(callback, err));
      else handler(call, callback);
    };
  }

  /** A server-streaming handler behind the authorizer (when security is on). */
  private authorizedStream(path: string, handler: grpc.handleServerStreamingCall<unknown, unknown>): grpc.handleServerStreamingCall<unknown, unknown> {
    const authorizer = this.options.security?.authorizer;
    if (!authorizer) return handler;
    return (call) => {
      const refuse = (err: unknown): void => {
        const answer = toStatus(err);
        call.emit('error', { code: answer.code, details: answer.details });
      };
      try {
        const pending = authorizer.authorize(call, path);
        if (pending) void pending.then(() => handler(call), refuse);
        else handler(call);
      } catch (err) {
        refuse(err);
      }
    };
  }

  /**
   * Admission of a server stream (a watch): it holds one of its caller's slots until it closes,
   * so one caller cannot open watches without bound; past the limit it ends RESOURCE_EXHAUSTED
   * before any work. Streams are not counted against the server's unary limit. Every stream,
   * refused ones included, is recorded in the RED metrics when it ends, with its final status
   * code and its whole life as the duration (stream-end.ts says how the status is known).
   */
  private admittedStream(recorder: RpcMethodRecorder, handler: grpc.handleServerStreamingCall<unknown, unknown>): grpc.handleServerStreamingCall<unknown, unknown> {
    const perCaller = this.perCaller;
    return (call) => {
      const startedAtMs = performance.now();
      onStreamEnd(call, (code) => recorder.record(code, startedAtMs));
      const caller = this.callerOf(call);
      if (!perCaller.tryAcquire(caller)) {
        this.shed += 1;
        this.shedByCaller += 1;
        call.emit('error', perCaller.refusal(caller));
        return;
      }
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        perCaller.release(caller);
      };
      call.once('close', release);
      call.once('cancelled', release);
      handler(call);
    };
  }

  /** Calls answered RESOURCE_EXHAUSTED by the in-flight limits (the server's and its callers') since start. */
  get shedCalls(): number {
    return this.shed;
  }

  /** Of {@link shedCalls}, those refused by the per-caller limit. */
  get shedByCallerLimit(): number {
    return this.shedByCaller;
  }

  /** Sets the health of the server and every service: SERVING or NOT_SERVING. */
  setServing(serving: boolean): void {
    if (serving === this.serving) return;
    this.serving = serving;
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const s of this.services) this.health.setStatus(s.name, status);
    this.options.log.info({ status }, 'health changed');
  }

  /** True while health says SERVING. */
  get isServing(): boolean {
    return this.serving;
  }

  /**
   * Stops: NOT_SERVING first (so health-checking clients move away), then lets in-flight calls
   * finish for up to `graceMs`, then cancels whatever is left.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.options.log.warn({ inFlight: this.stats.inFlight }, 'grace period over, cancelling calls');
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      timer.unref();
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
