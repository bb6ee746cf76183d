import * as grpc from '@grpc/grpc-js';
import { statusOf } from '#lib/grpc/index.js';
import type { OrdermeshClients } from '#lib/grpc/index.js';
import type { Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import type { Catalogue } from './catalogue.js';
import type { FulfillmentLedger } from './fulfillment-ledger.js';
import { batches, readWarehouseStock, setStock, unitsReceived, type StockLevel } from './inventory-calls.js';
import { describeFailure } from './retry.js';

/** Options of {@link Restocker}. */
export interface RestockerOptions {
  clients: OrdermeshClients;
  catalogue: Catalogue;
  ledger: FulfillmentLedger;
  log: Logger;
  /** Pause between rounds; 0: never restock. */
  intervalMs: number;
  /** Restock a sku whose available units are below this. */
  below: number;
  /** Units one restock adds. */
  units: number;
  callTimeoutMs: number;
}

/** A restock (SetStock ADD) whose answer was lost, with what each sku had received before it. */
export interface UnacknowledgedAdd {
  warehouseId: string;
  items: Array<{ sku: string; units: number; receivedBefore: number }>;
}

/** Whether an unacknowledged restock landed, judged from a later read. */
export type AddOutcome = 'landed' | 'not-landed' | 'unclear';

/**
 * Codes with which ordermesh refused a write before applying it. Any other failure
 * (UNAVAILABLE or DEADLINE_EXCEEDED after sending, CANCELLED, INTERNAL, ...) leaves it unknown
 * whether an ADD landed: the gateway does not retry an ADD once sent, and neither does wms-sim.
 */
const NOT_APPLIED_CODES: ReadonlySet<grpc.status> = new Set([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.NOT_FOUND,
  grpc.status.ABORTED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.UNIMPLEMENTED,
  grpc.status.PERMISSION_DENIED,
  grpc.status.UNAUTHENTICATED,
  grpc.status.OUT_OF_RANGE,
  grpc.status.ALREADY_EXISTS,
]);

/**
 * The skus to restock, with their levels: those of the catalogue a warehouse stocks with fewer
 * than `below` available. Skus the warehouse does not stock are the catalogue seeding's business.
 */
export function restockPlan<L extends Pick<StockLevel, 'available'>>(catalogueSkus: readonly string[], levels: ReadonlyMap<string, L>, below: number): Array<{ sku: string; level: L }> {
  return catalogueSkus.flatMap((sku) => {
    const level = levels.get(sku);
    return level !== undefined && Number(level.available) < below ? [{ sku, level }] : [];
  });
}

/**
 * Decides from a later read whether an unacknowledged ADD landed. Units received (on_hand +
 * shipped) change only through SetStock, never through orders, so each sku of the batch shows
 * exactly its units more (landed) or none more (not landed). SetStock applies a batch in one
 * transaction, so a mix means someone else wrote stock meanwhile: 'unclear'.
 */
export function resolveUnacknowledgedAdd(add: UnacknowledgedAdd, levels: ReadonlyMap<string, Pick<StockLevel, 'onHand' | 'shipped'>>): AddOutcome {
  const deltas = add.items.map((item) => {
    const level = levels.get(item.sku);
    return level === undefined ? undefined : unitsReceived(level) - item.receivedBefore;
  });
  if (add.items.every((item, i) => deltas[i] === item.units)) return 'landed';
  if (deltas.every((d) => d === 0)) return 'not-landed';
  return 'unclear';
}

/**
 * Restocks on a schedule: every `intervalMs`, for each warehouse, it reads the stock through
 * the gateway and adds `units` (SetStock mode ADD) to every catalogue sku with fewer than
 * `below` available, recording the units in the ledger once ordermesh acknowledged them.
 *
 * ADD is not idempotent, so an ADD whose answer was lost is never sent again blindly. It is
 * remembered with each sku's units received (on_hand + shipped) before it, and the next round's
 * read settles it (see {@link resolveUnacknowledgedAdd}): landed → recorded; not landed →
 * dropped (that round restocks again if still low); unclear → logged, not recorded. Until it is
 * settled (a read failed), its warehouse is not restocked, since every round starts with that read.
 */
export class Restocker {
  private readonly unacknowledged = new Map<string, UnacknowledgedAdd[]>();

  constructor(private readonly options: RestockerOptions) {}

  /** Runs rounds until `signal` aborts; resolves once the current round has finished. Never rejects. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.options.intervalMs === 0) return;
    while (!signal.aborted) {
      await sleep(this.options.intervalMs, signal);
      if (signal.aborted) break;
      await this.restockOnce(signal);
    }
  }

  /** One round over every warehouse; a warehouse that fails is logged and tried next round. */
  async restockOnce(signal?: AbortSignal): Promise<void> {
    for (const warehouseId of this.options.catalogue.warehouses) {
      if (signal?.aborted) return;
      try {
        await this.restockWarehouse(warehouseId, signal);
      } catch (err) {
        this.options.log.warn({ warehouseId, err: describeFailure(err) }, 'restock round failed; retrying next round');
      }
    }
  }

  private async restockWarehouse(warehouseId: string, signal: AbortSignal | undefined): Promise<void> {
    const { clients, catalogue, ledger, callTimeoutMs } = this.options;
    const log = this.options.log.child({ warehouseId });
    const levels = await readWarehouseStock(clients, warehouseId, { callTimeoutMs, ...(signal ? { signal } : {}) });
    // Settle earlier unacknowledged ADDs first: a not-landed one may be restocked again below.
    this.settle(warehouseId, levels, log);
    const plan = restockPlan(catalogue.skus, levels, this.options.below);
    for (const batch of batches(plan)) {
      // Every write is decided on the read just made; a started write is not cancelled.
      const add: UnacknowledgedAdd = { warehouseId, items: batch.map(({ sku, level }) => ({ sku, units: this.options.units, receivedBefore: unitsReceived(level) })) };
      const skus = add.items.map((i) => i.sku);
      try {
        // unit_price_cents 0 keeps each sku's current price.
        await setStock(clients, warehouseId, 'STOCK_UPDATE_MODE_ADD', add.items.map((i) => ({ sku: i.sku, onHand: i.units, unitPriceCents: 0 })), { callTimeoutMs });
      } catch (err) {
        const code = statusOf(err)?.code;
        if (code !== undefined && NOT_APPLIED_CODES.has(code)) {
          log.warn({ skus, err: describeFailure(err) }, 'restock refused');
        } else {
          this.remember(add);
          log.warn({ skus, err: describeFailure(err) }, 'restock unacknowledged; the next round checks whether it landed');
        }
        continue;
      }
      for (const item of add.items) ledger.addStock(warehouseId, item.sku, item.units);
      log.info({ skus, units: this.options.units }, 'restocked');
    }
  }

  private remember(add: UnacknowledgedAdd): void {
    const list = this.unacknowledged.get(add.warehouseId) ?? [];
    list.push(add);
    this.unacknowledged.set(add.warehouseId, list);
  }

  /** Settles a warehouse's unacknowledged ADDs against a fresh read of its stock. */
  private settle(warehouseId: string, levels: ReadonlyMap<string, StockLevel>, log: Logger): void {
    const adds = this.unacknowledged.get(warehouseId) ?? [];
    this.unacknowledged.delete(warehouseId);
    for (const add of adds) {
      const outcome = resolveUnacknowledgedAdd(add, levels);
      const skus = add.items.map((i) => i.sku);
      if (outcome === 'landed') {
        for (const item of add.items) this.options.ledger.addStock(warehouseId, item.sku, item.units);
        log.info({ skus, outcome }, 'unacknowledged restock had landed; recorded');
      } else if (outcome === 'not-landed') {
        log.info({ skus, outcome }, 'unacknowledged restock had not landed');
      } else {
        log.warn({ skus, outcome }, 'cannot tell whether an unacknowledged restock landed (stock changed by another writer); not recorded');
      }
    }
  }
}
