import * as grpc from '@grpc/grpc-js';
import { statusOf } from '#lib/grpc/index.js';
import type { OrdermeshClients } from '#lib/grpc/index.js';
import type { Logger } from '#lib/logging/index.js';
import type { Catalogue, CatalogueEntry } from './catalogue.js';
import { CatalogueRejectedError } from './errors.js';
import type { FulfillmentLedger } from './fulfillment-ledger.js';
import { batches, readWarehouseStock, setStock, unitsReceived, type StockLevel } from './inventory-calls.js';
import { describeFailure, withRetries } from './retry.js';

/** Options of {@link CatalogueSeeder}. */
export interface CatalogueSeederOptions {
  clients: OrdermeshClients;
  catalogue: Catalogue;
  ledger: FulfillmentLedger;
  log: Logger;
  callTimeoutMs: number;
}

/** Answers that no retry changes: the catalogue itself is wrong, or the target is not a gateway. */
const FINAL_CODES: ReadonlySet<grpc.status> = new Set([grpc.status.INVALID_ARGUMENT, grpc.status.NOT_FOUND, grpc.status.UNIMPLEMENTED]);

/**
 * The catalogue entries a warehouse does not stock yet. Skus it has are left alone, whatever
 * their stock: restarting wms-sim must not reset what orders and restocks made of them.
 */
export function missingEntries(entries: readonly CatalogueEntry[], levels: ReadonlyMap<string, unknown>): CatalogueEntry[] {
  return entries.filter((e) => !levels.has(e.sku));
}

/**
 * Puts the catalogue in place through the gateway's InventoryService: for each warehouse it
 * reads the stock first and sets (mode SET) only the skus the warehouse does not have yet, at
 * their initial stock and price, recording the units in the ledger once ordermesh acknowledged
 * them. It waits, retrying with backoff, while the gateway is unreachable (the cluster may still
 * be starting).
 *
 * An unacknowledged SET (the answer was lost: UNAVAILABLE, DEADLINE_EXCEEDED after sending) is
 * settled by the next attempt's read: a sku of that batch that now exists with exactly the
 * initial stock received (on_hand + shipped) was set by wms-sim and is recorded; the others are
 * still missing and are set again. SET is not repeated on a sku that exists, so it never resets
 * stock.
 */
export class CatalogueSeeder {
  constructor(private readonly options: CatalogueSeederOptions) {}

  /**
   * Seeds every warehouse; resolves once all have the whole catalogue.
   * Thrown by: CatalogueRejectedError when the gateway refuses the catalogue for good;
   * RetryStoppedError when `signal` aborts first.
   */
  async seed(signal: AbortSignal): Promise<void> {
    for (const warehouseId of this.options.catalogue.warehouses) await this.seedWarehouse(warehouseId, signal);
  }

  private async seedWarehouse(warehouseId: string, signal: AbortSignal): Promise<void> {
    const { clients, catalogue, ledger, callTimeoutMs } = this.options;
    const log = this.options.log.child({ warehouseId });
    const entries = catalogue.entries(warehouseId);
    /** Skus of a SET whose answer was lost, to settle on the next read. */
    let unacknowledged: CatalogueEntry[] = [];
    await withRetries(
      async () => {
        const levels = await readWarehouseStock(clients, warehouseId, { callTimeoutMs, signal });
        unacknowledged = this.settle(warehouseId, unacknowledged, levels, log);
        const missing = missingEntries(entries, levels);
        if (missing.length === 0) {
          log.info({ skus: entries.length }, 'warehouse already stocks the catalogue');
          return;
        }
        for (const batch of batches(missing)) {
          try {
            await setStock(
              clients,
              warehouseId,
              'STOCK_UPDATE_MODE_SET',
              batch.map((e) => ({ sku: e.sku, onHand: e.initialStock, unitPriceCents: e.unitPriceCents })),
              { callTimeoutMs },
            );
          } catch (err) {
            unacknowledged = batch;
            throw err;
          }
          for (const e of batch) ledger.addStock(warehouseId, e.sku, e.initialStock);
        }
        log.info({ added: missing.length, kept: entries.length - missing.length }, 'catalogue stocked');
      },
      {
        what: `catalogue of ${warehouseId}`,
        retryable: (err) => {
          const code = statusOf(err)?.code;
          return code !== undefined && !FINAL_CODES.has(code);
        },
        budgetMs: Infinity,
        signal,
        backoff: { initialDelayMs: 200, maxDelayMs: 2_000 },
        // The cluster may take a few seconds to start: say so at debug, then at warn every 5th try.
        onRetry: (err, attempt, delayMs) => log[attempt % 5 === 0 ? 'warn' : 'debug']({ attempt, delayMs, err: describeFailure(err) }, 'gateway not answering; catalogue waits'),
      },
    ).catch((err: unknown) => {
      const code = statusOf(err)?.code;
      if (code !== undefined && FINAL_CODES.has(code)) throw new CatalogueRejectedError(warehouseId, describeFailure(err), { cause: err });
      throw err;
    });
  }

  /** Records the skus of an unacknowledged SET that landed; returns none left to settle. */
  private settle(warehouseId: string, unacknowledged: readonly CatalogueEntry[], levels: ReadonlyMap<string, StockLevel>, log: Logger): CatalogueEntry[] {
    for (const e of unacknowledged) {
      const level = levels.get(e.sku);
      if (!level) continue;
      if (unitsReceived(level) === e.initialStock) {
        this.options.ledger.addStock(warehouseId, e.sku, e.initialStock);
      } else {
        log.warn({ sku: e.sku, onHand: level.onHand, shipped: level.shipped }, 'sku appeared with other stock than the catalogue set; not counted as added by wms-sim');
      }
    }
    return [];
  }
}
