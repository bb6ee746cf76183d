import { callUnary, type OrdermeshClients } from '#lib/grpc/index.js';
import { LIMITS } from '#lib/orders/index.js';
import type { SetStockRequest } from '#lib/proto/index.js';
import type { StockLevel__Output } from '#lib/proto/index.js';
import type { StockUpdate } from '#lib/proto/index.js';

/** Stock of one sku at one warehouse, as GetStock reports it. */
export type StockLevel = StockLevel__Output;

/** Options of the inventory calls: each call's deadline and, for reads, cancellation. */
export interface InventoryCallOptions {
  callTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Reads every stock level of one warehouse through the gateway, following page tokens, as a
 * map by sku.
 * Thrown by: the gRPC ServiceError of the first failed page.
 */
export async function readWarehouseStock(clients: OrdermeshClients, warehouseId: string, options: InventoryCallOptions): Promise<Map<string, StockLevel>> {
  const levels = new Map<string, StockLevel>();
  let pageToken = '';
  do {
    const page = await callUnary(
      clients.inventory,
      clients.inventory.GetStock,
      { warehouseId, skus: [], pageSize: LIMITS.maxPageSize, pageToken },
      { deadline: Date.now() + options.callTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
    );
    for (const level of page.items) levels.set(level.sku, level);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return levels;
}

/**
 * Sends one SetStock through the gateway. Deliberately without an AbortSignal: cancelling a
 * write half-way leaves its outcome unknown, so a started write runs to its answer or its
 * deadline even while wms-sim stops.
 * Thrown by: the gRPC ServiceError.
 */
export async function setStock(
  clients: OrdermeshClients,
  warehouseId: string,
  mode: 'STOCK_UPDATE_MODE_SET' | 'STOCK_UPDATE_MODE_ADD',
  items: StockUpdate[],
  options: Pick<InventoryCallOptions, 'callTimeoutMs'>,
): Promise<StockLevel[]> {
  const request: SetStockRequest = { warehouseId, mode, items };
  const answer = await callUnary(clients.inventory, clients.inventory.SetStock, request, { deadline: Date.now() + options.callTimeoutMs });
  return answer.items;
}

/** Splits `items` into SetStock-sized batches (at most 1000 updates each). */
export function batches<T>(items: readonly T[], size: number = LIMITS.stockUpdatesPerCall): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Units that ever entered a warehouse for a sku and have not left it unshipped: on_hand +
 * shipped. Orders never change it (shipping moves units from on_hand to shipped); only SetStock
 * does. That is what lets wms-sim tell whether an unacknowledged write landed.
 */
export function unitsReceived(level: Pick<StockLevel, 'onHand' | 'shipped'>): number {
  return Number(level.onHand) + Number(level.shipped);
}
