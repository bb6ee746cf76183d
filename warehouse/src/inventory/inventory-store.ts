import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { FailedPreconditionError, InvalidArgumentError } from '#lib/errors/index.js';
import type { GetStockQuery, SetStockCommand } from '#lib/orders/index.js';
import { inTransaction, query, type Db } from '../db/database.js';
import { inventory } from '../db/schema.js';
import { decodePageToken, encodePageToken } from '../orders/page-token.js';

/** Stock of one sku at one warehouse. */
export interface StockLevelRecord {
  warehouseId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  unitPriceCents: number;
  shipped: number;
}

function toLevel(row: typeof inventory.$inferSelect): StockLevelRecord {
  return {
    warehouseId: row.warehouseId,
    sku: row.sku,
    onHand: row.onHand,
    reserved: row.reserved,
    available: row.onHand - row.reserved,
    unitPriceCents: row.unitPriceCents,
    shipped: row.shipped,
  };
}

/** Stock per warehouse: set, restock and read. */
export class InventoryStore {
  constructor(private readonly db: Db) {}

  /**
   * Sets (SET) or adds to (ADD) on_hand of each sku, and its price when given, in one
   * transaction. A warehouse exists once stock has been set for it.
   * @throws InvalidArgumentError when a new sku has no price; FailedPreconditionError when
   * on_hand would drop below what is reserved.
   */
  async setStock(cmd: SetStockCommand): Promise<StockLevelRecord[]> {
    return inTransaction(this.db, async (tx) => {
      const skus = cmd.items.map((i) => i.sku);
      // Lock in sku order, the order every reservation locks in.
      const current = await tx
        .select()
        .from(inventory)
        .where(and(eq(inventory.warehouseId, cmd.warehouseId), inArray(inventory.sku, skus)))
        .orderBy(asc(inventory.sku))
        .for('update');
      const existing = new Map(current.map((r) => [r.sku, r]));
      const rows = cmd.items.map((item, i) => {
        const row = existing.get(item.sku);
        if (!row && item.unitPriceCents === 0) throw new InvalidArgumentError(`items[${i}].unit_price_cents`, `is required for sku '${item.sku}', new to ${cmd.warehouseId}`);
        const onHand = cmd.mode === 'ADD' ? (row?.onHand ?? 0) + item.onHand : item.onHand;
        if (row && onHand < row.reserved) {
          throw new FailedPreconditionError('below-reserved', `items[${i}].on_hand: ${onHand} would be below the ${row.reserved} units of '${item.sku}' reserved for orders`);
        }
        return {
          warehouseId: cmd.warehouseId,
          region: cmd.region,
          sku: item.sku,
          onHand,
          unitPriceCents: item.unitPriceCents || (row?.unitPriceCents ?? 0),
        };
      });
      const written = await tx
        .insert(inventory)
        .values(rows)
        .onConflictDoUpdate({
          target: [inventory.warehouseId, inventory.sku],
          set: { onHand: sql`excluded.on_hand`, unitPriceCents: sql`excluded.unit_price_cents`, updatedAt: sql`now()` },
        })
        .returning();
      return written.sort((a, b) => (a.sku < b.sku ? -1 : 1)).map(toLevel);
    });
  }

  /** Reads stock levels ordered by warehouse then sku, a page at a time. */
  async getStock(q: GetStockQuery): Promise<{ items: StockLevelRecord[]; nextPageToken: string }> {
    const after = decodePageToken(q.pageToken, ['string', 'string']);
    const conditions = [
      q.warehouseId ? eq(inventory.warehouseId, q.warehouseId) : undefined,
      q.skus.length ? inArray(inventory.sku, q.skus) : undefined,
      after
        ? or(gt(inventory.warehouseId, after[0] as string), and(eq(inventory.warehouseId, after[0] as string), gt(inventory.sku, after[1] as string)))
        : undefined,
    ].filter((c) => c !== undefined);
    const rows = await query(() =>
      this.db
        .select()
        .from(inventory)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(asc(inventory.warehouseId), asc(inventory.sku))
        .limit(q.pageSize + 1),
    );
    const page = rows.slice(0, q.pageSize);
    const last = page.at(-1);
    return {
      items: page.map(toLevel),
      nextPageToken: rows.length > q.pageSize && last ? encodePageToken([last.warehouseId, last.sku]) : '',
    };
  }
}
