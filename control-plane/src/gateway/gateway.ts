import type * as grpc from '@grpc/grpc-js';
import type { Etcd3 } from 'etcd3';
import type { GrpcServer } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import { DEFAULT_TOPOLOGY, type Topology } from '#lib/orders/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import type { Router } from '#lib/routing/index.js';
import { AssignmentSource } from '#lib/routing/index.js';
import { ChannelPool } from './channel-pool.js';
import { Forwarder } from './forwarder.js';
import type { GatewayDeps } from './gateway-deps.js';
import { inventoryGatewayHandlers } from './inventory-gateway.js';
import { orderGatewayHandlers } from './order-gateway.js';
import { paymentGatewayHandlers } from './payment-gateway.js';
import { Spreader } from './targets.js';

/** Options of {@link Gateway}. */
export interface GatewayOptions {
  /** The process's etcd client; the caller closes it after start() resolves. */
  client: Etcd3;
  /** Keyspace prefix, e.g. `/ordermesh/v1/`. */
  prefix: string;
  log?: Logger;
  /**
   * Topology requests are routed (and, when the gateway answers itself, validated) against
   * until an assignment naming regions has been read (after that, the assignment's); default
   * HCM, HN, DN.
   */
  topology?: Topology;
  /** Deadline given to a call whose caller set none; default 10 000 ms. */
  defaultDeadlineMs?: number;
  /** How much earlier than the caller's deadline a node's deadline is; default 10 ms (see ForwarderOptions). */
  deadlineMarginMs?: number;
  /** Largest message exchanged with a node; default the shared MAX_MESSAGE_BYTES (lib/grpc), the nodes' limit. */
  maxMessageBytes?: number;
  /** How long a node's load report counts after it last changed; default 10 000 ms. */
  loadStaleAfterMs?: number;
  /** How to reach nodes: lib/security's mesh credentials (mutual TLS); default plaintext. */
  credentials?: grpc.ChannelCredentials | undefined;
}

const passBytes = (bytes: Buffer): Buffer => bytes;

/**
 * `definition` with identity serializers: grpc-js hands the handlers the request as it came off
 * the wire and sends their responses as they are. The gateway forwards bytes; decoding and
 * encoding them again would be most of its CPU.
 */
function bytesDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      { ...method, requestSerialize: passBytes, requestDeserialize: passBytes, responseSerialize: passBytes, responseDeserialize: passBytes },
    ]),
  );
}

/**
 * The data-plane front door every control-plane replica serves: OrderService, PaymentService
 * and InventoryService, each call forwarded as bytes (routed on one field read from them; the
 * node validates the request) to the warehouse node the latest assignment names (owner first, retrying UNAVAILABLE on the next candidate within the caller's
 * deadline). It keeps routing on the last assignment it saw while etcd or the controller is
 * unreachable.
 *
 * Wiring: `registerOn(server)` before `server.listen()`; `start(signal)` runs the assignment and
 * load watchers until `signal` aborts, then closes the channels to the nodes. Abort it only
 * after the gRPC server has drained (shutdown order: NOT_SERVING → drain gRPC → stop the
 * gateway → close etcd).
 */
export class Gateway {
  /** The routing table and load reports (the admin service's WatchAssignment uses its onChange). */
  readonly source: AssignmentSource;
  /** The channels to each node; the admin service can borrow NodeService clients from it. */
  readonly pool: ChannelPool;
  readonly forwarder: Forwarder;
  private readonly log: Logger;
  private readonly spreader = new Spreader();
  private spillCount = 0;
  private readonly countSpill = (): void => {
    this.spillCount += 1;
  };
  private readonly fallbackTopology: Topology;
  private started = false;

  constructor(options: GatewayOptions) {
    this.log = (options.log ?? silentLogger()).child({ component: 'gateway' });
    this.fallbackTopology = options.topology ?? DEFAULT_TOPOLOGY;
    this.source = new AssignmentSource({
      client: options.client,
      prefix: options.prefix,
      log: this.log,
      ...(options.loadStaleAfterMs === undefined ? {} : { loadStaleAfterMs: options.loadStaleAfterMs }),
    });
    this.pool = new ChannelPool({
      log: this.log,
      credentials: options.credentials,
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    });
    this.forwarder = new Forwarder({
      source: this.source,
      pool: this.pool,
      log: this.log,
      ...(options.defaultDeadlineMs === undefined ? {} : { defaultDeadlineMs: options.defaultDeadlineMs }),
      ...(options.deadlineMarginMs === undefined ? {} : { deadlineMarginMs: options.deadlineMarginMs }),
    });
  }

  /** Placements of new orders that spilled past a loaded owner to the next node on the ring, since start. */
  get spills(): number {
    return this.spillCount;
  }

  /** The topology requests are routed against now. */
  topology(): Topology {
    return this.source.topology ?? this.fallbackTopology;
  }

  /**
   * Adds OrderService, PaymentService and InventoryService to `server` (before it listens),
   * with identity serializers (see forwarding-handler.ts). The handlers log with the gateway's
   * logger and count their calls in `server.stats`.
   */
  registerOn(server: GrpcServer): void {
    const deps: GatewayDeps = {
      env: { log: this.log, stats: server.stats },
      forwarder: this.forwarder,
      topology: () => this.topology(),
      loadOf: this.source.loadOf,
      spreader: this.spreader,
      onSpill: this.countSpill,
    };
    const v1 = loadOrdermesh().proto.ordermesh.v1;
    server.addService({ name: 'ordermesh.v1.OrderService', definition: bytesDefinition(v1.OrderService.service), handlers: orderGatewayHandlers(deps) });
    server.addService({ name: 'ordermesh.v1.PaymentService', definition: bytesDefinition(v1.PaymentService.service), handlers: paymentGatewayHandlers(deps) });
    server.addService({ name: 'ordermesh.v1.InventoryService', definition: bytesDefinition(v1.InventoryService.service), handlers: inventoryGatewayHandlers(deps) });
  }

  /**
   * Resolves with the Router once the first assignment has been read (for setting health
   * SERVING). Rejects with `signal.reason` when `signal` aborts first.
   */
  whenReady(signal?: AbortSignal): Promise<Router> {
    return this.source.whenReady(signal);
  }

  /**
   * Watches the assignment and load reports, keeping the channel pool to the assignment's
   * nodes, until `signal` aborts; then closes every channel and resolves.
   * Thrown by: Error when called a second time.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('Gateway.start() may be called once');
    this.started = true;
    const unsubscribe = this.source.onChange((router) => this.pool.retain(router.assignment.nodes.map((n) => n.address)));
    this.log.info({ key: this.source.key }, 'gateway watching the assignment');
    try {
      await this.source.start(signal);
    } finally {
      unsubscribe();
      this.pool.close();
      this.log.info('gateway stopped');
    }
  }
}
