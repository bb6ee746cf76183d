import type { Db } from '../db/database.js';
import type { HandlerEnv } from '#lib/grpc/index.js';
import type { Topology } from '#lib/orders/index.js';
import type { NodeStatus } from '#lib/proto/index.js';
import type { InventoryStore } from '../inventory/inventory-store.js';
import type { OrderStore } from '../orders/order-store.js';

/** What the warehouse's gRPC handlers work with. */
export interface ServiceDeps {
  env: HandlerEnv;
  /** The database, for read-only aggregates (GetStats). */
  db: Db;
  orders: OrderStore;
  inventory: InventoryStore;
  topology: () => Topology;
  status: () => Promise<NodeStatus>;
  /** Counts an order created by this node (for GetStatus). */
  onOrderCreated: () => void;
  /** Called after an order became PAID on this node (wakes the outbox worker). */
  onPaid?: (orderId: string) => void;
}

/** Metadata key in which the gateway passes the order id it minted for a CreateOrder. */
export { ORDER_ID_METADATA } from '#lib/orders/index.js';
