import type { LineItemInput } from '#lib/orders/index.js';
import type { OrderLine } from './order-record.js';

/** One inventory row as allocation sees it: units free to reserve and the unit price. */
export interface StockRow {
  warehouseId: string;
  region: string;
  sku: string;
  /** on_hand - reserved. */
  available: number;
  unitPriceCents: number;
}

/** What allocation decided for one order. */
export type Allocation =
  | { kind: 'reserved'; warehouseId: string; lines: OrderLine[] }
  | { kind: 'rejected'; reason: string; lines: OrderLine[] }
  /** `items[index].sku` is stocked at no warehouse at all: the request is NOT_FOUND. */
  | { kind: 'unknown-sku'; index: number; sku: string };

/**
 * The stock of the warehouses a batch may reserve from, as locked in the database. Allocating an
 * order takes its units off, so the next order of the batch sees what is left: a batch allocates
 * exactly as its orders would one after another.
 */
export class StockSnapshot {
  private readonly rows = new Map<string, Map<string, StockRow>>();

  constructor(rows: Iterable<StockRow>) {
    for (const row of rows) {
      let bySku = this.rows.get(row.warehouseId);
      if (!bySku) this.rows.set(row.warehouseId, (bySku = new Map<string, StockRow>()));
      bySku.set(row.sku, { ...row });
    }
  }

  /**
   * Allocates `items` for an order whose region's preference list is `regions` (home region
   * first, then its failover order; ARCHITECTURE.md, Orders): the first warehouse, by region rank
   * then id, that has every item reserves them all; none → rejected with the reason.
   */
  allocate(items: readonly LineItemInput[], regions: readonly string[]): Allocation {
    for (const [index, item] of items.entries()) {
      if (![...this.rows.values()].some((bySku) => bySku.has(item.sku))) return { kind: 'unknown-sku', index, sku: item.sku };
    }
    const rank = (region: string): number => {
      const r = regions.indexOf(region);
      return r < 0 ? regions.length : r;
    };
    let best: { warehouseId: string; rank: number; rows: Map<string, StockRow> } | undefined;
    for (const [warehouseId, bySku] of this.rows) {
      const first = bySku.values().next().value;
      const r = first ? rank(first.region) : regions.length;
      if (r >= regions.length) continue;
      if (!items.every((item) => (bySku.get(item.sku)?.available ?? 0) >= item.quantity)) continue;
      if (!best || r < best.rank || (r === best.rank && warehouseId < best.warehouseId)) best = { warehouseId, rank: r, rows: bySku };
    }
    if (!best) {
      return { kind: 'rejected', reason: this.rejectionReason(items, regions), lines: items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceCents: 0 })) };
    }
    const lines = items.map((item) => {
      const row = best.rows.get(item.sku)!;
      row.available -= item.quantity;
      return { sku: item.sku, quantity: item.quantity, unitPriceCents: row.unitPriceCents };
    });
    return { kind: 'reserved', warehouseId: best.warehouseId, lines };
  }

  private rejectionReason(items: readonly LineItemInput[], regions: readonly string[]): string {
    const short = items
      .map((item) => {
        let most = 0;
        for (const bySku of this.rows.values()) {
          const row = bySku.get(item.sku);
          if (row && regions.includes(row.region)) most = Math.max(most, row.available);
        }
        return most < item.quantity ? `${item.sku} (wanted ${item.quantity}, at most ${most} available at one warehouse)` : undefined;
      })
      .filter(Boolean);
    const detail = short.length ? `short of ${short.join(', ')}` : 'the items are in stock only at different warehouses';
    return `out of stock: no warehouse in ${regions.join(', ')} has every item; ${detail}`;
  }
}
