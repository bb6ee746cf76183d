import * as grpc from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from '../logging/index.js';
import type { ServerSecurity } from '../security/index.js';
import { CallStats } from './call-stats.js';
import { toStatus } from './status-map.js';

/** Options of {@link GrpcServer}. */
export interface GrpcServerOptions {
  log: Logger;
  /** What server reflection describes: lib/proto's reflectionDefinition(), the descriptors buf built. */
  definition: PackageDefinition;
  /** Largest request or response accepted, in bytes; a larger one is RESOURCE_EXHAUSTED. */
  maxMessageBytes: number;
  /**
   * Unary calls this server works on at once. One more is answered RESOURCE_EXHAUSTED at once,
   * before any work, so that past capacity the server sheds load instead of queueing without
   * bound (callers back off and retry). Health checks are not counted and always answer.
   * Default {@link DEFAULT_MAX_IN_FLIGHT}.
   */
  maxInFlight?: number;
  /**
   * TLS credentials and the authorizer every call of an added service passes (health and
   * reflection excepted); undefined serves plaintext and lets every caller call everything
   * (lib/security's openMeshSecurity logs that loudly).
   */
  security?: ServerSecurity | undefined;
}

/** Unary calls a server works on at once by default: far above what batching needs to fill a batch. */
export const DEFAULT_MAX_IN_FLIGHT = 2048;

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

  constructor(private readonly options: GrpcServerOptions) {
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.http2.min_ping_interval_without_data_ms': 5_000,
      // Nothing reads channelz; its bookkeeping costs CPU on every call.
      'grpc.enable_channelz': 0,
    });
  }

  /** Adds a service; call before {@link listen}. */
  addService(registration: ServiceRegistration): void {
    this.services.push(registration);
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(registration.handlers)) {
      const method = registration.definition[name];
      const unaryCall = method !== undefined && !method.requestStream && !method.responseStream;
      const path = method?.path ?? `/${registration.name}/${name}`;
      if (unaryCall) handlers[name] = this.admitted(path, handler as grpc.handleUnaryCall<unknown, unknown>);
      else if (method?.responseStream && !method.requestStream) handlers[name] = this.authorizedStream(path, handler as grpc.handleServerStreamingCall<unknown, unknown>);
      else handlers[name] = handler;
    }
    this.server.addService(registration.definition, handlers);
    this.health.setStatus(registration.name, this.serving ? 'SERVING' : 'NOT_SERVING');
  }

  /**
   * Adds health and reflection, binds `host:port` (port 0 picks a free one) and returns the
   * bound port. Health stays NOT_SERVING until {@link setServing}(true).
   * @throws Error when the address cannot be bound (e.g. the port is taken).
   */
  async listen(host: string, port: number): Promise<number> {
    this.health.addToServer(this.server);
    // Reflection lists what this server serves, itself included, as servers in other
    // languages do (`grpcurl list` shows grpc.reflection.v1.ServerReflection).
    const reflection = new ReflectionService(this.options.definition, {
      services: [...this.services.map((s) => s.name), HEALTH_SERVICE, ...REFLECTION_SERVICES],
    });
    reflection.addToServer(this.server);
    return new Promise((resolve, reject) => {
      const credentials = this.options.security?.credentials ?? grpc.ServerCredentials.createInsecure();
      this.server.bindAsync(`${host}:${port}`, credentials, (err, bound) => {
        if (err) reject(new Error(`cannot listen on ${host}:${port}: ${err.message}`, { cause: err }));
        else resolve(bound);
      });
    });
  }

  /**
   * Admission before any work: a call over the in-flight limit is RESOURCE_EXHAUSTED, a call
   * whose deadline has already passed is DEADLINE_EXCEEDED (nobody waits for its answer), and
   * with security on a caller that is not authenticated or lacks the role is refused
   * (UNAUTHENTICATED / PERMISSION_DENIED) before the handler runs, so nothing is written.
   */
  private admitted(path: string, handler: grpc.handleUnaryCall<unknown, unknown>): grpc.handleUnaryCall<unknown, unknown> {
    const max = this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    const authorizer = this.options.security?.authorizer;
    const refuse = (callback: grpc.sendUnaryData<unknown>, err: unknown): void => {
      const answer = toStatus(err);
      this.options.log.debug({ method: path, code: answer.code, details: answer.details }, 'call refused');
      callback({ code: answer.code, details: answer.details });
    };
    return (call, callback) => {
      if (this.stats.inFlight >= max) {
        this.shed += 1;
        callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: `this server is at its limit of ${max} calls in flight; retry shortly, with backoff` });
        return;
      }
      const deadline = call.getDeadline();
      const at = deadline instanceof Date ? deadline.getTime() : deadline;
      if (Number.isFinite(at) && at <= Date.now()) {
        callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'the deadline had passed before the call could start' });
        return;
      }
      if (!authorizer) {
        handler(call, callback);
        return;
      }
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

  /** Calls answered RESOURCE_EXHAUSTED by the in-flight limit since start. */
  get shedCalls(): number {
    return this.shed;
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
