import * as grpc from '@grpc/grpc-js';
import { ordermeshV1 } from '../proto/index.js';
import type { InventoryServiceClient } from '#lib/proto/index.js';
import type { NodeServiceClient } from '#lib/proto/index.js';
import type { OrderServiceClient } from '#lib/proto/index.js';
import type { PaymentServiceClient } from '#lib/proto/index.js';
import { channelOptions, tracingInterceptor } from './client.js';

/** Typed clients of a warehouse node's (or the gateway's) services, sharing one channel. */
export interface OrdermeshClients {
  orders: OrderServiceClient;
  payments: PaymentServiceClient;
  inventory: InventoryServiceClient;
  node: NodeServiceClient;
  close(): void;
}

/** Options of {@link connectOrdermesh}. */
export interface ConnectOptions {
  maxMessageBytes?: number;
  /** How to connect: lib/security's mesh credentials (mutual TLS); default plaintext. */
  credentials?: grpc.ChannelCredentials | undefined;
  /**
   * Own connection: `true` opens a connection of these clients' own rather than sharing the one
   * grpc-js keeps for every channel to the same address with the same options (its global
   * subchannel pool), for a caller that spreads calls over several connections.
   */
  ownConnection?: boolean;
}

/**
 * Opens clients of the ordermesh services at `address` (host:port) over one channel, with
 * keepalive and trace-context propagation.
 */
export function connectOrdermesh(address: string, options: ConnectOptions = {}): OrdermeshClients {
  const v1 = ordermeshV1();
  const credentials = options.credentials ?? grpc.credentials.createInsecure();
  const orders = new v1.OrderService(address, credentials, {
    ...channelOptions(options.maxMessageBytes),
    ...(options.ownConnection ? { 'grpc.use_local_subchannel_pool': 1 } : {}),
    interceptors: [tracingInterceptor],
  });
  // Further clients reuse the first one's channel, so they share one HTTP/2 connection.
  const channel = orders.getChannel();
  const shared = { channelOverride: channel, interceptors: [tracingInterceptor] };
  const payments = new v1.PaymentService(address, credentials, shared);
  const inventory = new v1.InventoryService(address, credentials, shared);
  const node = new v1.NodeService(address, credentials, shared);
  return { orders, payments, inventory, node, close: () => orders.close() };
}

/**
 * The entity a response wraps (`CreateOrderResponse { Order order }`, as buf's STANDARD style
 * asks): `entityOf(response, 'order')`.
 * @throws Error when the server answered without it (a server bug, never a user's mistake).
 */
export function entityOf<K extends string, T>(response: { [key in K]: T | null | undefined }, field: K): T {
  const entity = response[field];
  if (entity === null || entity === undefined) throw new Error(`the server's answer has no ${field}`);
  return entity;
}
