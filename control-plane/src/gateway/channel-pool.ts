import * as grpc from '@grpc/grpc-js';
import { UnavailableError } from '#lib/errors/index.js';
import { connectOrdermesh, type OrdermeshClients } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';

/** Options of {@link ChannelPool}. */
export interface ChannelPoolOptions {
  /** Largest message sent to or received from a node; default lib/grpc's MAX_MESSAGE_BYTES (1 MiB). */
  maxMessageBytes?: number;
  /** How to reach nodes: lib/security's mesh credentials (mutual TLS); default plaintext. */
  credentials?: grpc.ChannelCredentials | undefined;
  /** Connections opened to each node, calls taking them in turn; default {@link DEFAULT_CONNECTIONS_PER_NODE}. */
  connectionsPerNode?: number;
  log?: Logger;
}

/**
 * Connections per node by default. The gateway carries every caller's calls to a node, so every
 * caller's cancellations (each a RST_STREAM) arrive on the node's side of these connections. A
 * Node HTTP/2 server closes a connection whose client resets more than 1,000 streams in a burst
 * (then 33 a second: nghttp2's rapid-reset defence), failing every call on it; four connections
 * give four times that room before callers whose deadlines pass together cost everybody their
 * calls to that node, for four sockets and keepalives per node.
 */
export const DEFAULT_CONNECTIONS_PER_NODE = 4;

/** The clients of one of a node's connections. */
interface Connection {
  readonly clients: OrdermeshClients;
  readonly raw: grpc.Client;
}

/** The clients of one node, borrowed for one call: release() when the call has settled. */
export interface ChannelLease {
  readonly address: string;
  /** OrderService, PaymentService, InventoryService and NodeService clients sharing one channel. */
  readonly clients: OrdermeshClients;
  /**
   * A bare client on the same channel, without interceptors, for forwarding serialized requests
   * (`makeUnaryRequest` with identity serializers); the forwarder adds trace context itself.
   */
  readonly raw: grpc.Client;
  /** Ends the borrow; idempotent. A retired channel closes when its last borrow ends. */
  release(): void;
}

interface Entry {
  readonly address: string;
  readonly connections: readonly Connection[];
  /** The connection the next lease takes. */
  next: number;
  inFlight: number;
  retired: boolean;
  closed: boolean;
}

/**
 * The gRPC channels of each warehouse node address ({@link DEFAULT_CONNECTIONS_PER_NODE}, each its
 * own connection, leased in turn), opened on first use, with typed clients of OrderService,
 * PaymentService, InventoryService and NodeService sharing each (keepalive and trace-context
 * propagation from lib/grpc's `connectOrdermesh`).
 *
 * {@link retain} is told the addresses of the current assignment; the channels of nodes gone
 * from it are retired: no new call gets them, and each closes once its in-flight calls have
 * settled, so an assignment change never cuts a call short.
 */
export class ChannelPool {
  private readonly entries = new Map<string, Entry>();
  private wanted: ReadonlySet<string> | undefined;
  private closed = false;
  private readonly log: Logger;

  constructor(private readonly options: ChannelPoolOptions = {}) {
    this.log = (options.log ?? silentLogger()).child({ component: 'channel-pool' });
  }

  /**
   * Borrows the clients of the node at `address` (host:port), opening its channel if needed.
   * Thrown by: UnavailableError after {@link close} (the gateway is shutting down).
   */
  lease(address: string): ChannelLease {
    if (this.closed) throw new UnavailableError('the gateway is shutting down; try another control-plane replica');
    let entry = this.entries.get(address);
    if (!entry) {
      const credentials = this.options.credentials ?? grpc.credentials.createInsecure();
      const count = Math.max(1, this.options.connectionsPerNode ?? DEFAULT_CONNECTIONS_PER_NODE);
      const connections = Array.from({ length: count }, (): Connection => {
        const clients = connectOrdermesh(address, {
          credentials,
          ownConnection: true,
          ...(this.options.maxMessageBytes === undefined ? {} : { maxMessageBytes: this.options.maxMessageBytes }),
        });
        return { clients, raw: new grpc.Client(address, credentials, { channelOverride: clients.orders.getChannel() }) };
      });
      entry = { address, connections, next: 0, inFlight: 0, retired: false, closed: false };
      this.entries.set(address, entry);
      this.log.debug({ address, connections: count }, 'channels opened');
    }
    const leased = entry;
    const connection = leased.connections[leased.next] as Connection;
    leased.next = (leased.next + 1) % leased.connections.length;
    leased.inFlight++;
    let released = false;
    return {
      address,
      clients: connection.clients,
      raw: connection.raw,
      release: () => {
        if (released) return;
        released = true;
        leased.inFlight--;
        // A channel opened for an address the assignment no longer names (a call raced an
        // assignment change) is retired as soon as it is idle.
        if (!leased.retired && this.wanted && !this.wanted.has(address)) this.retire(leased);
        else if (leased.retired && leased.inFlight === 0) this.closeEntry(leased);
      },
    };
  }

  /**
   * Keeps the channels of `addresses` (the current assignment's nodes) and retires every other
   * one: it closes now when idle, else when its last in-flight call settles.
   */
  retain(addresses: Iterable<string>): void {
    this.wanted = new Set(addresses);
    for (const entry of [...this.entries.values()]) {
      if (!this.wanted.has(entry.address)) this.retire(entry);
    }
  }

  /** Addresses with an open (not retired) channel. */
  addresses(): string[] {
    return [...this.entries.keys()];
  }

  /** Calls in flight on the channel of `address`, retired or not (0 when it has none). */
  inFlight(address: string): number {
    return this.entries.get(address)?.inFlight ?? 0;
  }

  /**
   * Closes every channel now, in-flight calls or not, and refuses new leases. Call it after the
   * gateway's gRPC server has drained. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.retired = true;
      this.closeEntry(entry);
    }
    this.entries.clear();
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    if (this.entries.get(entry.address) === entry) this.entries.delete(entry.address);
    this.log.debug({ address: entry.address, inFlight: entry.inFlight }, 'channel retired');
    if (entry.inFlight === 0) this.closeEntry(entry);
  }

  private closeEntry(entry: Entry): void {
    if (entry.closed) return;
    entry.closed = true;
    for (const connection of entry.connections) connection.clients.close();
    this.log.debug({ address: entry.address }, 'channels closed');
  }
}
