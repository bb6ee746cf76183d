import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from '../../../lib/errors/index.js';
import {
  preferenceOrder,
  type ConfirmPaymentCommand,
  type CreateOrderCommand,
  type ListOrdersQuery,
  type Topology,
} from '../../../lib/orders/index.js';
import { inTransaction, isUniqueViolation, query, type Db, type Tx } from '../db/database.js';
import { idempotencyKeys, inventory, orderItems, orders, outbox, payments } from '../db/schema.js';
import type { OrderLine, OrderRecord, OrderStatus } from './order-record.js';
import { decodePageToken, encodePageToken } from './page-token.js';

/** Options of {@link OrderStore}. */
export interface OrderStoreOptions {
  db: Db;
  /** This node's id, recorded as the node that made each change. */
  nodeId: string;
  /** The topology in force (it can change at run time). */
  topology: () => Topology;
  /** How long a RESERVED order waits for payment before it is cancelled. */
  paymentTimeoutMs: number;
}

type OrderRow = typeof orders.$inferSelect;

/** The fingerprint of what a CreateOrder asked for: a retry must ask for the same. */
function fingerprintOf(cmd: CreateOrderCommand): string {
  const items = [...cmd.items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return createHash('sha256').update(JSON.stringify([cmd.customerName, cmd.region, items])).digest('base64url').slice(0, 22);
}

function toRecord(row: OrderRow, items: OrderLine[]): OrderRecord {
  return {
    orderId: row.orderId,
    requestId: row.requestId,
    customerName: row.customerName,
    region: row.region,
    status: row.status,
    warehouseId: row.warehouseId,
    nodeId: row.nodeId,
    items,
    totalCents: row.totalCents,
    paymentId: row.paymentId,
    shipmentId: row.shipmentId,
    reason: row.reason,
    fingerprint: row.fingerprint,
    traceparent: row.traceparent,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Sorted by sku, so that every transaction locks inventory rows in the same order (no deadlocks). */
function bySku<T extends { sku: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/**
 * The order state machine over Postgres. Every transition is a conditional UPDATE (the expected
 * status in the WHERE clause) in one transaction with its stock change; a caller that lost a
 * race changes nothing. Idempotency: CreateOrder by request_id (and by the minted order id),
 * ConfirmPayment by payment_id, ReportShipment by shipment_id.
 */
export class OrderStore {
  constructor(private readonly options: OrderStoreOptions) {}

  private get db(): Db {
    return this.options.db;
  }

  /**
   * Places an order: reserves every item at the first warehouse of the region's preference
   * list that has them all, or records it REJECTED with the reason.
   * @throws NotFoundError when a sku is stocked nowhere; FailedPreconditionError when the
   * request_id was used before for a different order.
   */
  async createOrder(cmd: CreateOrderCommand, orderId: string, traceparent: string): Promise<OrderRecord> {
    const fingerprint = fingerprintOf(cmd);
    try {
      return await inTransaction(this.db, (tx) => this.placeOrder(tx, cmd, orderId, fingerprint, traceparent));
    } catch (err) {
      // A concurrent or earlier request with the same request_id (or the same minted order id,
      // on a gateway retry) committed first: answer with what it made.
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.findExisting(cmd.requestId, orderId);
      if (!existing) throw err;
      if (existing.fingerprint !== fingerprint) {
        throw new FailedPreconditionError(
          'request-id-reused',
          `request_id '${cmd.requestId}' was already used for order ${existing.orderId} with different contents; use a new request_id for a new order`,
        );
      }
      return existing;
    }
  }

  private async findExisting(requestId: string, orderId: string): Promise<OrderRecord | undefined> {
    if (requestId !== '') {
      const [key] = await query(() => this.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.requestId, requestId)));
      if (key) return this.findOrder(key.orderId);
    }
    return this.findOrder(orderId);
  }

  /**
   * Every statement of CreateOrder is sent as a named prepared statement (`.prepare(name)` then
   * `.execute()`): postgres.js keeps it per connection, so after its first use Postgres neither
   * parses nor plans it again, and the driver sends it in one round trip and can pipeline it.
   * An unprepared drizzle query (awaited builder, `tx.execute`) is sent by postgres.js as
   * Parse/Describe first, waiting for the parameter types, then Bind/Execute: two round trips,
   * and the connection takes no further query until it is done, so the "pipelined" inserts
   * below went one after another (about 13 round trips per order instead of 5).
   * postgres.js names the statements itself (by their text); the names here only switch
   * preparing on.
   */
  private async placeOrder(tx: Tx, cmd: CreateOrderCommand, orderId: string, fingerprint: string, traceparent: string): Promise<OrderRecord> {
    const skus = cmd.items.map((i) => i.sku);
    const stock = await tx
      .select({ warehouseId: inventory.warehouseId, region: inventory.region, sku: inventory.sku, available: sql<number>`(${inventory.onHand} - ${inventory.reserved})::int` })
      .from(inventory)
      .where(inArray(inventory.sku, skus))
      .prepare('create_order_stock')
      .execute();

    cmd.items.forEach((item, i) => {
      if (!stock.some((s) => s.sku === item.sku)) throw new NotFoundError(`items[${i}].sku`, `items[${i}].sku: no warehouse stocks sku '${item.sku}'`);
    });

    const regions = preferenceOrder(this.options.topology(), cmd.region);
    const rank = (region: string): number => {
      const r = regions.indexOf(region);
      return r < 0 ? regions.length : r;
    };
    const available = new Map<string, Map<string, number>>();
    const regionOf = new Map<string, string>();
    for (const s of stock) {
      regionOf.set(s.warehouseId, s.region);
      let m = available.get(s.warehouseId);
      if (!m) available.set(s.warehouseId, (m = new Map()));
      m.set(s.sku, s.available);
    }
    const candidates = [...available.keys()]
      .filter((w) => rank(regionOf.get(w) ?? '') < regions.length && cmd.items.every((item) => (available.get(w)?.get(item.sku) ?? 0) >= item.quantity))
      .sort((a, b) => rank(regionOf.get(a) ?? '') - rank(regionOf.get(b) ?? '') || (a < b ? -1 : a > b ? 1 : 0));

    // The snapshot above may be stale by now: lock the candidate's rows (in sku order) and check again.
    for (const warehouseId of candidates) {
      const locked = await tx
        .select({ sku: inventory.sku, onHand: inventory.onHand, reserved: inventory.reserved, unitPriceCents: inventory.unitPriceCents })
        .from(inventory)
        .where(and(eq(inventory.warehouseId, warehouseId), inArray(inventory.sku, skus)))
        .orderBy(asc(inventory.sku))
        .for('update')
        .prepare('create_order_lock')
        .execute();
      const bySkuRow = new Map(locked.map((r) => [r.sku, r]));
      const enough = cmd.items.every((item) => {
        const row = bySkuRow.get(item.sku);
        return row !== undefined && row.onHand - row.reserved >= item.quantity;
      });
      if (!enough) continue;
      const lines: OrderLine[] = cmd.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitPriceCents: bySkuRow.get(item.sku)?.unitPriceCents ?? 0 }));
      const quantities = sql.join(
        bySku(cmd.items).map((item) => sql`WHEN ${item.sku} THEN ${item.quantity}::bigint`),
        sql` `,
      );
      const row = await this.insertOrder(
        tx,
        {
          orderId,
          cmd,
          status: 'RESERVED',
          warehouseId,
          lines,
          reason: '',
          fingerprint,
          traceparent,
          paymentDueAt: new Date(Date.now() + this.options.paymentTimeoutMs),
        },
        () =>
          tx
            .update(inventory)
            .set({ reserved: sql`${inventory.reserved} + CASE ${inventory.sku} ${quantities} END`, updatedAt: sql`now()` })
            .where(and(eq(inventory.warehouseId, warehouseId), inArray(inventory.sku, skus)))
            .prepare('create_order_reserve')
            .execute(),
      );
      return toRecord(row, lines);
    }

    const reason = this.rejectionReason(cmd, regions, available, regionOf);
    const lines: OrderLine[] = cmd.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitPriceCents: 0 }));
    const row = await this.insertOrder(tx, { orderId, cmd, status: 'REJECTED', warehouseId: '', lines, reason, fingerprint, traceparent, paymentDueAt: null });
    return toRecord(row, lines);
  }

  private rejectionReason(
    cmd: CreateOrderCommand,
    regions: readonly string[],
    available: ReadonlyMap<string, ReadonlyMap<string, number>>,
    regionOf: ReadonlyMap<string, string>,
  ): string {
    const short = cmd.items
      .map((item) => {
        let best = 0;
        for (const [w, m] of available) if (regions.includes(regionOf.get(w) ?? '')) best = Math.max(best, m.get(item.sku) ?? 0);
        return best < item.quantity ? `${item.sku} (wanted ${item.quantity}, at most ${best} available at one warehouse)` : undefined;
      })
      .filter(Boolean);
    const detail = short.length ? `short of ${short.join(', ')}` : 'the items are in stock only at different warehouses';
    return `out of stock: no warehouse in ${regions.join(', ')} has every item; ${detail}`;
  }

  /**
   * Inserts the order, its lines and its idempotency key, pipelined with `alongside` (the stock
   * update), as prepared statements (see {@link placeOrder}) sent in this order: order, stock,
   * lines, key.
   */
  private async insertOrder(
    tx: Tx,
    o: {
      orderId: string;
      cmd: CreateOrderCommand;
      status: OrderStatus;
      warehouseId: string;
      lines: OrderLine[];
      reason: string;
      fingerprint: string;
      traceparent: string;
      paymentDueAt: Date | null;
    },
    alongside?: () => Promise<unknown>,
  ): Promise<OrderRow> {
    const totalCents = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
    const now = new Date();
    const inserted = tx
      .insert(orders)
      .values({
        orderId: o.orderId,
        requestId: o.cmd.requestId,
        customerName: o.cmd.customerName,
        region: o.cmd.region,
        status: o.status,
        warehouseId: o.warehouseId,
        nodeId: this.options.nodeId,
        totalCents,
        reason: o.reason,
        fingerprint: o.fingerprint,
        traceparent: o.traceparent,
        paymentDueAt: o.paymentDueAt,
        // Millisecond precision (a JS Date), not Postgres's microseconds: ListOrders' page token
        // carries created_at in ms, and must compare equal to the stored value.
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .prepare('create_order_insert')
      .execute();
    const stock = alongside?.();
    const lines = tx
      .insert(orderItems)
      .values(o.lines.map((l, i) => ({ orderId: o.orderId, lineNo: i + 1, ...l })))
      .prepare('create_order_lines')
      .execute();
    const key =
      o.cmd.requestId !== ''
        ? tx.insert(idempotencyKeys).values({ requestId: o.cmd.requestId, orderId: o.orderId }).prepare('create_order_key').execute()
        : undefined;
    // Sent together on the transaction's connection, so they cost one round trip.
    const [rows] = await Promise.all([inserted, stock, lines, key]);
    const row = rows[0];
    if (!row) throw new Error('insert returned no row');
    return row;
  }

  /** Reads one order, or undefined. */
  async findOrder(orderId: string, db: Db | Tx = this.db): Promise<OrderRecord | undefined> {
    const [rows, lines] = await query(() =>
      Promise.all([
        db.select().from(orders).where(eq(orders.orderId, orderId)),
        db
          .select({ sku: orderItems.sku, quantity: orderItems.quantity, unitPriceCents: orderItems.unitPriceCents })
          .from(orderItems)
          .where(eq(orderItems.orderId, orderId))
          .orderBy(asc(orderItems.lineNo)),
      ]),
    );
    const row = rows[0];
    return row ? toRecord(row, lines) : undefined;
  }

  /** Reads one order. @throws NotFoundError naming order_id when there is none. */
  async getOrder(orderId: string, db: Db | Tx = this.db): Promise<OrderRecord> {
    const order = await this.findOrder(orderId, db);
    if (!order) throw new NotFoundError('order_id', `order_id: no order ${orderId}`);
    return order;
  }

  /** Lists orders newest first, filtered, a page at a time (keyset paging on created_at, order_id). */
  async listOrders(q: ListOrdersQuery): Promise<{ orders: OrderRecord[]; nextPageToken: string }> {
    const after = decodePageToken(q.pageToken, ['time', 'string']);
    const conditions = [
      q.region ? eq(orders.region, q.region) : undefined,
      q.status && q.status !== 'ORDER_STATUS_UNSPECIFIED' ? eq(orders.status, q.status as OrderStatus) : undefined,
      after
        ? or(lt(orders.createdAt, new Date(after[0] as number)), and(eq(orders.createdAt, new Date(after[0] as number)), lt(orders.orderId, after[1] as string)))
        : undefined,
    ].filter((c) => c !== undefined);
    const rows = await query(() =>
      this.db
        .select()
        .from(orders)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(orders.createdAt), desc(orders.orderId))
        .limit(q.pageSize + 1),
    );
    const page = rows.slice(0, q.pageSize);
    const ids = page.map((r) => r.orderId);
    const lines = ids.length
      ? await query(() =>
          this.db
            .select({ orderId: orderItems.orderId, sku: orderItems.sku, quantity: orderItems.quantity, unitPriceCents: orderItems.unitPriceCents })
            .from(orderItems)
            .where(inArray(orderItems.orderId, ids))
            .orderBy(asc(orderItems.orderId), asc(orderItems.lineNo)),
        )
      : [];
    const linesOf = new Map<string, OrderLine[]>();
    for (const { orderId, ...line } of lines) {
      const list = linesOf.get(orderId) ?? [];
      list.push(line);
      linesOf.set(orderId, list);
    }
    const last = page.at(-1);
    return {
      orders: page.map((r) => toRecord(r, linesOf.get(r.orderId) ?? [])),
      nextPageToken: rows.length > q.pageSize && last ? encodePageToken([last.createdAt.getTime(), last.orderId]) : '',
    };
  }

  /** Locks an order's row for the rest of the transaction. @throws NotFoundError. */
  private async lockOrder(tx: Tx, orderId: string): Promise<OrderRecord> {
    const [row] = await tx.select().from(orders).where(eq(orders.orderId, orderId)).for('update');
    if (!row) throw new NotFoundError('order_id', `order_id: no order ${orderId}`);
    const lines = await tx
      .select({ sku: orderItems.sku, quantity: orderItems.quantity, unitPriceCents: orderItems.unitPriceCents })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId))
      .orderBy(asc(orderItems.lineNo));
    return toRecord(row, lines);
  }

  /**
   * The conditional UPDATE of every transition: applies `changes` only while the order is in
   * `from`. @throws FailedPreconditionError when the order was not (a concurrent change won).
   */
  private async transition(tx: Tx, order: OrderRecord, from: OrderStatus, changes: Partial<typeof orders.$inferInsert>): Promise<OrderRecord> {
    const [row] = await tx
      .update(orders)
      .set({ ...changes, nodeId: this.options.nodeId, updatedAt: new Date(), version: sql`${orders.version} + 1` })
      .where(and(eq(orders.orderId, order.orderId), eq(orders.status, from)))
      .returning();
    if (!row) throw new FailedPreconditionError('status-changed', `order ${order.orderId} is no longer ${from}; read it again`);
    return toRecord(row, order.items);
  }

  /** Moves stock of an order's lines at its warehouse, rows locked in sku order first. */
  private async moveStock(tx: Tx, order: OrderRecord, change: 'release' | 'ship'): Promise<void> {
    const lines = bySku(order.items);
    const skus = lines.map((l) => l.sku);
    const qty = sql.join(
      lines.map((l) => sql`WHEN ${l.sku} THEN ${l.quantity}::bigint`),
      sql` `,
    );
    const where = and(eq(inventory.warehouseId, order.warehouseId), inArray(inventory.sku, skus));
    const lock = tx.select({ sku: inventory.sku }).from(inventory).where(where).orderBy(asc(inventory.sku)).for('update');
    const update =
      change === 'release'
        ? tx.execute(sql`UPDATE inventory SET reserved = reserved - CASE sku ${qty} END, updated_at = now() WHERE warehouse_id = ${order.warehouseId} AND sku IN ${skus}`)
        : tx.execute(
            sql`UPDATE inventory SET reserved = reserved - CASE sku ${qty} END, on_hand = on_hand - CASE sku ${qty} END, shipped = shipped + CASE sku ${qty} END, updated_at = now() WHERE warehouse_id = ${order.warehouseId} AND sku IN ${skus}`,
          );
    await Promise.all([lock, update]);
  }

  /**
   * Cancels a RESERVED order and releases its stock; a CANCELLED order is returned unchanged.
   * @throws FailedPreconditionError for any other status.
   */
  async cancelOrder(orderId: string, reason: string): Promise<OrderRecord> {
    return inTransaction(this.db, async (tx) => {
      const order = await this.lockOrder(tx, orderId);
      if (order.status === 'CANCELLED') return order;
      if (order.status !== 'RESERVED') {
        throw new FailedPreconditionError('illegal-transition', `order ${orderId} is ${order.status}; only a RESERVED order can be cancelled`);
      }
      await this.moveStock(tx, order, 'release');
      return this.transition(tx, order, 'RESERVED', { status: 'CANCELLED', reason: reason || 'cancelled on request', paymentDueAt: null });
    });
  }

  /**
   * Records a payment callback. Success with the exact total: PAID, and an outbox row for the
   * warehouse-management backend in the same transaction. Failure: CANCELLED, stock released.
   * A payment_id seen before returns the order as it is (idempotent).
   * @throws InvalidArgumentError for a wrong amount; FailedPreconditionError when the order is
   * no longer RESERVED or the payment_id belongs to another order.
   */
  async confirmPayment(cmd: ConfirmPaymentCommand): Promise<OrderRecord> {
    return inTransaction(this.db, async (tx) => {
      const order = await this.lockOrder(tx, cmd.orderId);
      const [seen] = await tx.select().from(payments).where(eq(payments.paymentId, cmd.paymentId));
      if (seen) {
        if (seen.orderId !== cmd.orderId) {
          throw new FailedPreconditionError('payment-id-reused', `payment_id '${cmd.paymentId}' already paid order ${seen.orderId}; it cannot pay another order`);
        }
        return order;
      }
      if (order.status !== 'RESERVED') {
        const why =
          order.status === 'CANCELLED' || order.status === 'REJECTED'
            ? `order ${order.orderId} is ${order.status} (${order.reason}); it cannot be paid`
            : `order ${order.orderId} is already ${order.status}, paid by payment ${order.paymentId}; payment '${cmd.paymentId}' was not taken`;
        throw new FailedPreconditionError('illegal-transition', why);
      }
      if (cmd.succeeded && cmd.amountCents !== order.totalCents) {
        throw new InvalidArgumentError('amount_cents', `is ${cmd.amountCents} but order ${order.orderId} totals ${order.totalCents} cents`);
      }
      const record = tx.insert(payments).values({
        paymentId: cmd.paymentId,
        orderId: cmd.orderId,
        amountCents: cmd.amountCents,
        succeeded: cmd.succeeded,
        failureReason: cmd.failureReason,
      });
      if (cmd.succeeded) {
        const queued = tx.insert(outbox).values({ id: `ship-${order.orderId}`, orderId: order.orderId, kind: 'ship-order', traceparent: order.traceparent });
        const [, , paid] = await Promise.all([record, queued, this.transition(tx, order, 'RESERVED', { status: 'PAID', paymentId: cmd.paymentId, paymentDueAt: null })]);
        return paid;
      }
      await Promise.all([record, this.moveStock(tx, order, 'release')]);
      return this.transition(tx, order, 'RESERVED', {
        status: 'CANCELLED',
        reason: `payment failed: ${cmd.failureReason || 'no reason given'}`,
        paymentId: cmd.paymentId,
        paymentDueAt: null,
      });
    });
  }

  /**
   * Records that the backend accepted an order's delivery: closes its outbox row and moves a
   * PAID order to FULFILLING. Any other status is left as is (the shipment report may already
   * have come back). Returns the order either way.
   */
  async recordDelivery(orderId: string): Promise<OrderRecord> {
    return inTransaction(this.db, async (tx) => {
      const order = await this.lockOrder(tx, orderId);
      await tx
        .update(outbox)
        .set({ deliveredAt: sql`coalesce(${outbox.deliveredAt}, now())`, attempts: sql`${outbox.attempts} + 1`, lastError: '' })
        .where(eq(outbox.orderId, orderId));
      if (order.status !== 'PAID') return order;
      return this.transition(tx, order, 'PAID', { status: 'FULFILLING' });
    });
  }

  /**
   * Finds FULFILLING orders in `regions` whose delivery the backend acknowledged more than
   * `olderThanMs` ago with no SHIPPED report since, keeps those `owns` accepts, and reopens their
   * outbox rows (due now), so the outbox asks the backend again: ShipOrder is idempotent per
   * order id, and a backend that forgot the order (a restart) accepts it again and ships it.
   * Conditional on the row still being delivered that long ago and the order still FULFILLING,
   * so two sweeps reopen a row once. Returns the ids of the orders reopened.
   */
  async reopenStalledDeliveries(regions: readonly string[], olderThanMs: number, owns: (orderId: string) => boolean, limit = 500): Promise<string[]> {
    if (regions.length === 0) return [];
    const stalledSince = sql`now() - make_interval(secs => ${olderThanMs / 1000})`;
    const candidates = await query(() =>
      this.db
        .select({ orderId: orders.orderId })
        .from(orders)
        .innerJoin(outbox, eq(outbox.orderId, orders.orderId))
        .where(and(eq(orders.status, 'FULFILLING'), inArray(orders.region, [...regions]), lt(outbox.deliveredAt, stalledSince)))
        .orderBy(asc(outbox.deliveredAt))
        .limit(limit),
    );
    const mine = candidates.map((c) => c.orderId).filter(owns);
    if (mine.length === 0) return [];
    const reopened = await query(() =>
      this.db
        .update(outbox)
        .set({
          deliveredAt: null,
          nextAttemptAt: sql`now()`,
          lastError: `no SHIPPED report within ${Math.round(olderThanMs / 1000)} s of the delivery; asking the backend again`,
        })
        .where(
          and(
            inArray(outbox.orderId, mine),
            lt(outbox.deliveredAt, stalledSince),
            sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${orders.orderId} = ${outbox.orderId} AND ${orders.status} = 'FULFILLING')`,
          ),
        )
        .returning({ orderId: outbox.orderId }),
    );
    return reopened.map((r) => r.orderId);
  }

  /**
   * Cancels a RESERVED order whose payment is overdue, releasing its stock. Conditional: an
   * order paid or cancelled meanwhile, or no longer due, is left alone (undefined).
   */
  async expirePayment(orderId: string, reason: string): Promise<OrderRecord | undefined> {
    return inTransaction(this.db, async (tx) => {
      const order = await this.lockOrder(tx, orderId);
      const [due] = await tx
        .select({ due: sql<boolean>`${orders.paymentDueAt} <= now()` })
        .from(orders)
        .where(eq(orders.orderId, orderId));
      if (order.status !== 'RESERVED' || !due?.due) return undefined;
      await this.moveStock(tx, order, 'release');
      return this.transition(tx, order, 'RESERVED', { status: 'CANCELLED', reason, paymentDueAt: null });
    });
  }

  /**
   * Records that an order shipped: stock leaves the warehouse (on_hand and reserved go down,
   * shipped up) and the outbox row is closed. Idempotent per shipment_id.
   * @throws FailedPreconditionError when the order is not PAID or FULFILLING, or shipped in
   * another shipment.
   */
  async reportShipment(orderId: string, shipmentId: string): Promise<OrderRecord> {
    return inTransaction(this.db, async (tx) => {
      const order = await this.lockOrder(tx, orderId);
      if (order.status === 'SHIPPED') {
        if (order.shipmentId === shipmentId) return order;
        throw new FailedPreconditionError('already-shipped', `order ${orderId} already shipped in shipment ${order.shipmentId}`);
      }
      if (order.status !== 'PAID' && order.status !== 'FULFILLING') {
        throw new FailedPreconditionError('illegal-transition', `order ${orderId} is ${order.status}; only a PAID or FULFILLING order can ship`);
      }
      const closed = tx.update(outbox).set({ deliveredAt: sql`coalesce(${outbox.deliveredAt}, now())` }).where(eq(outbox.orderId, orderId));
      const [, shipped] = await Promise.all([this.moveStock(tx, order, 'ship'), this.transition(tx, order, order.status, { status: 'SHIPPED', shipmentId }), closed]);
      return shipped;
    });
  }
}
