import * as grpc from '@grpc/grpc-js';
import { callUnary, type OrdermeshClients } from '#lib/grpc/index.js';
import { DEFAULT_TOPOLOGY, LIMITS } from '#lib/orders/index.js';
import type { StockLevel__Output } from '#lib/proto/index.js';
import { sleep } from '#lib/runtime/index.js';
import { CatalogueUnavailableError } from './errors.js';
import type { Catalogue } from './plan.js';

/** Options of {@link loadCatalogue}. */
export interface LoadCatalogueOptions {
  /** The address the clients talk to, for the error message. */
  target: string;
  /** Give up after this long; the cluster and wms-sim may still be starting. */
  timeoutMs: number;
  /** Pause between attempts; default 500 ms. */
  retryIntervalMs?: number;
  /** Deadline of one GetStock page; default 5 000 ms. */
  callTimeoutMs?: number;
  /** Stops waiting (then it throws CatalogueUnavailableError). */
  signal?: AbortSignal;
  /** Called before each retry with what went wrong, e.g. to show it on the status line. */
  onRetry?: (problem: string) => void;
}

/** Pages read at most, 1000 levels each: a catalogue larger than that is sampled. */
const MAX_PAGES = 100;

/** Codes after which waiting longer will not help: the target is not an ordermesh server. */
const FATAL = new Set<grpc.status>([grpc.status.UNIMPLEMENTED, grpc.status.INVALID_ARGUMENT, grpc.status.PERMISSION_DENIED, grpc.status.UNAUTHENTICATED]);

/** The catalogue that stock levels describe: skus that can be bought (any with stock, else all), and regions with a warehouse. */
export function catalogueFrom(levels: readonly StockLevel__Output[]): Catalogue {
  const warehouses = [...new Set(levels.map((l) => l.warehouseId))].sort();
  const inStock = levels.filter((l) => l.available > 0);
  const skus = [...new Set((inStock.length ? inStock : levels).map((l) => l.sku))].sort();
  const regions = [...new Set(warehouses.map((w) => LIMITS.warehouseIdPattern.exec(w)?.[1]).filter((r): r is string => r !== undefined))].sort();
  return { skus, regions: regions.length ? regions : [...DEFAULT_TOPOLOGY.regions], warehouses };
}

async function readAllStock(clients: OrdermeshClients, callTimeoutMs: number, signal: AbortSignal | undefined): Promise<StockLevel__Output[]> {
  const levels: StockLevel__Output[] = [];
  let pageToken = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await callUnary(
      clients.inventory,
      clients.inventory.GetStock,
      { warehouseId: '', skus: [], pageSize: LIMITS.maxPageSize, pageToken },
      { deadline: Date.now() + callTimeoutMs, ...(signal ? { signal } : {}) },
    );
    levels.push(...answer.items);
    pageToken = answer.nextPageToken;
    if (!pageToken) break;
  }
  return levels;
}

/**
 * Learns the skus and warehouses on sale through InventoryService.GetStock (every warehouse,
 * paged), retrying until the catalogue is non-empty or `timeoutMs` passes.
 * Thrown by: CatalogueUnavailableError when it is still empty (or unreadable) at the end of the
 * wait, at once when the target answers UNIMPLEMENTED or the like, and when `signal` aborts.
 */
export async function loadCatalogue(clients: OrdermeshClients, options: LoadCatalogueOptions): Promise<Catalogue> {
  const started = Date.now();
  const retryIntervalMs = options.retryIntervalMs ?? 500;
  let lastProblem = 'not tried';
  let lastError: unknown;
  for (;;) {
    if (options.signal?.aborted) throw new CatalogueUnavailableError(options.target, Date.now() - started, 'stopped while waiting', { cause: lastError });
    try {
      const catalogue = catalogueFrom(await readAllStock(clients, options.callTimeoutMs ?? 5_000, options.signal));
      if (catalogue.skus.length > 0) return catalogue;
      lastProblem = 'the target answered, but no warehouse holds stock yet';
    } catch (err) {
      const e = err as grpc.ServiceError;
      lastError = err;
      lastProblem = `${grpc.status[e.code] ?? 'ERROR'}: ${e.details ?? e.message}`;
      if (FATAL.has(e.code)) throw new CatalogueUnavailableError(options.target, Date.now() - started, lastProblem, { cause: err });
    }
    if (Date.now() - started + retryIntervalMs > options.timeoutMs) {
      throw new CatalogueUnavailableError(options.target, Date.now() - started, lastProblem, { cause: lastError });
    }
    options.onRetry?.(lastProblem);
    await sleep(retryIntervalMs, options.signal);
  }
}
