import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { AbortedError, FailedPreconditionError, NotFoundError, UnavailableError } from '#lib/errors/index.js';
import {
  canApply,
  statusesBefore,
  TRANSITIONS,
  type ConfirmPaymentCommand,
  type OrderEvent,
  type CreateOrderCommand,
  type ListOrdersQuery,
  type Topology,
} from '#lib/orders/index.js';
import type postgres from 'postgres';
import { Batcher } from '#lib/runtime/index.js';
import { inTransaction, isRetryable, isUniqueViolation, query, type Db, type Tx } from '../db/database.js';
import { createOrderBatch, type CreateOrderItem, type CreateOrderOutcome } from './create-order-batch.js';
import { recordDeliveryBatch } from './delivery-batch.js';
import { recordOfRow, type OrderSqlRow } from './locked-orders.js';
import { confirmPaymentBatch } from './payment-batch.js';
import { reportShipmentBatch, type ShipmentReport } from './shipment-batch.js';
import { idempotencyKeys, inventory, orderItems, orders } from '../db/schema.js';
import type { OrderLine, OrderRecord } from './order-record.js';
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
  /** The postgres.js pool in force (it is renewed after Postgres restarts), for set-based batches. */
  sql: () => postgres.Sql;
  /** Most CreateOrders in one batch (one transaction, one commit). Default 256. */
  maxBatch?: number;
  /** Told each group-commit batch's kind, size and time in Postgres (one transaction), for metrics. */
  onBatch?: (kind: BatchKind, size: number, seconds: number) => void;
}

/** The group-commit batches a node applies. */
export type BatchKind = 'create_order' | 'confirm_payment' | 'report_shipment' | 'record_delivery';

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

/**
 * Runs a batch's transaction: a serialization failure or deadlock is tried again (up to three
 * times, then ABORTED), and a lost database is UNAVAILABLE, as {@link inTransaction} does.
 */
async function batchTransaction<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query(run);
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (attempt >= 3) throw new AbortedError('the database aborted the transaction after repeated conflicts; try again', { cause: err });
    }
  }
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
  /** Concurrent CreateOrders, applied together (group commit); see {@link createOrderBatch}. */
  private readonly creates: Batcher<CreateOrderItem, Exclude<CreateOrderOutcome, Error>>;

  /** Concurrent ConfirmPayments, applied together; see {@link confirmPaymentBatch}. */
  private readonly payments: Batcher<ConfirmPaymentCommand, OrderRecord>;

  /** Concurrent shipment reports, applied together; see {@link reportShipmentBatch}. */
  private readonly shipments: Batcher<ShipmentReport, OrderRecord>;
  /** Concurrent delivery acknowledgements, applied together; see {@link recordDeliveryBatch}. */
  private readonly deliveries: Batcher<string, true>;

  constructor(private readonly options: OrderStoreOptions) {
    const maxBatch = options.maxBatch ?? 256;
    const { nodeId } = options;
    this.creates = new Batcher({
      run: (items) => {
        const ctx = { nodeId, topology: options.topology(), paymentTimeoutMs: options.paymentTimeoutMs };
        return this.timed('create_order', items, (sql, batch) => createOrderBatch(sql, batch, ctx));
      },
      maxBatch,
    });
    this.payments = new Batcher({ run: (items) => this.timed('confirm_payment', items, (sql, batch) => confirmPaymentBatch(sql, batch, nodeId)), maxBatch });
    this.shipments = new Batcher({ run: (items) => this.timed('report_shipment', items, (sql, batch) => reportShipmentBatch(sql, batch, nodeId)), maxBatch });
    this.deliveries = new Batcher({ run: (items) => this.timed('record_delivery', items, (sql, batch) => recordDeliveryBatch(sql, batch, nodeId)), maxBatch });
  }

  /** {@link applyBatch}, its time told to `onBatch` (once per batch, not per call). */
  private async timed<In, Out>(kind: BatchKind, items: In[], run: (sql: postgres.Sql, items: In[]) => Promise<Array<Out | Error>>): Promise<Array<Out | Error>> {
    const { onBatch } = this.options;
    if (!onBatch) return this.applyBatch(items, run);
    const startedAt = performance.now();
    try {
      return await this.applyBatch(items, run);
    } finally {
      onBatch(kind, items.length, (performance.now() - startedAt) / 1000);
    }
  }

  private get db(): Db {
    return this.options.db;
  }

  /** Sizes of the CreateOrder batches applied since the last call (for status and benchmarks). */
  takeCreateBatchSizes(): number[] {
    return this.creates.takeBatchSizes();
  }

  /**
   * Applies a batch in one transaction (group commit). When the transaction fails as a whole
   * (a duplicate request_id or payment_id committed by another node between the check and the
   * insert, say), each item is applied alone, so one item can never fail its neighbours; an
   * item that lost such a race is tried once more, and then sees what the other node made.
   */
  private async applyBatch<In, Out>(items: In[], run: (sql: postgres.Sql, items: In[]) => Promise<Array<Out | Error>>, retried = false): Promise<Array<Out | Error>> {
    try {
      return await batchTransaction(() => run(this.options.sql(), items));
    } catch (err) {
      if (err instanceof UnavailableError) throw err;
      if (items.length > 1) return Promise.all(items.map(async (item) => (await this.applyBatch([item], run))[0]!));
      if (!retried && isUniqueViolation(err)) return this.applyBatch(items, run, true);
      return [err as Error];
    }
  }

  /**
   * Places an order: reserves every item at the first warehouse of the region's preference
   * list that has them all, or records it REJECTED with the reason.
   * @throws NotFoundError when a sku is stocked nowhere; FailedPreconditionError when the
   * request_id was used before for a different order.
   */
  async createOrder(cmd: CreateOrderCommand, orderId: string, traceparent: string, ended?: () => Error | undefined): Promise<OrderRecord> {
    const fingerprint = fingerprintOf(cmd);
    const outcome = await this.creates.submit({ cmd, orderId, fingerprint, traceparent }, ended);
    if (outcome !== 'existing') return outcome;
    // An earlier request with the same request_id (or minted order id) made the order.
    const existing = await this.findExisting(cmd.requestId, orderId);
    if (!existing) throw new Error(`order ${orderId} was reported as made before but cannot be read`);
    if (existing.fingerprint !== fingerprint) {
      throw new FailedPreconditionError(
        'request-id-reused',
        `request_id '${cmd.requestId}' was already used for order ${existing.orderId} with different contents; use a new request_id for a new order`,
      );
    }
    return existing;
  }

  private async findExisting(requestId: string, orderId: string): Promise<OrderRecord | undefined> {
    if (requestId !== '') {
      const [key] = await query(() => this.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.requestId, requestId)));
      if (key) return this.findOrder(key.orderId);
    }
    return this.findOrder(orderId);
  }

  /**
   * Reads one order, or undefined: one prepared statement (the order joined with its lines), so
   * one round trip and no query building per call.
   */
  async findOrder(orderId: string): Promise<OrderRecord | undefined> {
    const sql = this.options.sql();
    const rows = await query(
      () => sql<(OrderSqlRow & { sku: string | null; quantity: number | null; unit_price_cents: string | null })[]>`
        SELECT o.*, i.sku, i.quantity, i.unit_price_cents FROM orders o LEFT JOIN order_items i USING (order_id)
        WHERE o.order_id = ${orderId} ORDER BY i.line_no`,
    );
    const first = rows[0];
    if (!first) return undefined;
    const lines = rows.flatMap((r) => (r.sku === null ? [] : [{ sku: r.sku, quantity: r.quantity ?? 0, unitPriceCents: Number(r.unit_price_cents) }]));
    return recordOfRow(first, lines);
  }

  /** Reads one order. @throws NotFoundError naming order_id when there is none. */
  async getOrder(orderId: string): Promise<OrderRecord> {
    const order = await this.findOrder(orderId);
    if (!order) throw new NotFoundError('order_id', `order_id: no order ${orderId}`);
    return order;
  }

  /** Lists orders newest first, filtered, a page at a time (keyset paging on created_at, order_id). */
  async listOrders(q: ListOrdersQuery): Promise<{ orders: OrderRecord[]; nextPageToken: string }> {
    const after = decodePageToken(q.pageToken, ['time', 'string']);
    const conditions = [
      q.region ? eq(orders.region, q.region) : undefined,
      q.status ? eq(orders.status, q.status) : undefined,
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
  /** Applies `event` (lib/orders' table of transitions) to a locked order, conditional on its status. */
  private async transition(tx: Tx, order: OrderRecord, event: OrderEvent, changes: Omit<Partial<typeof orders.$inferInsert>, 'status'>): Promise<OrderRecord> {
    const from = statusesBefore(event);
    const [row] = await tx
      .update(orders)
      .set({ ...changes, status: TRANSITIONS[event].to, nodeId: this.options.nodeId, updatedAt: new Date(), version: sql`${orders.version} + 1` })
      .where(and(eq(orders.orderId, order.orderId), inArray(orders.status, from)))
      .returning();
    if (!row) throw new FailedPreconditionError('status-changed', `order ${order.orderId} is no longer ${from.join(' or ')}; read it again`);
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
      if (!canApply('cancel', order.status)) {
        throw new FailedPreconditionError('illegal-transition', `order ${orderId} is ${order.status}; only a ${statusesBefore('cancel').join(' or ')} order can be cancelled`);
      }
      await this.moveStock(tx, order, 'release');
      return this.transition(tx, order, 'cancel', { reason: reason || 'cancelled on request', paymentDueAt: null });
    });
  }

  /**
   * Records a payment callback. Success with the exact total: PAID, and an outbox row for the
   * warehouse-management backend in the same transaction. Failure: CANCELLED, stock released.
   * A payment_id seen before returns the order as it is (idempotent). Concurrent payments are
   * applied together (group commit; see {@link confirmPaymentBatch}).
   * @throws InvalidArgumentError for a wrong amount; FailedPreconditionError when the order is
   * no longer RESERVED or the payment_id belongs to another order; NotFoundError.
   */
  async confirmPayment(cmd: ConfirmPaymentCommand, ended?: () => Error | undefined): Promise<OrderRecord> {
    return this.payments.submit(cmd, ended);
  }

  /**
   * Records that the backend accepted an order's delivery: closes its outbox row and moves a
   * PAID order to FULFILLING. Any other status is left as is (the shipment report may already
   * have come back). Concurrent acknowledgements are applied together (group commit).
   */
  async recordDelivery(orderId: string): Promise<void> {
    await this.deliveries.submit(orderId);
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
      if (!canApply('payment-timeout', order.status) || !due?.due) return undefined;
      await this.moveStock(tx, order, 'release');
      return this.transition(tx, order, 'payment-timeout', { reason, paymentDueAt: null });
    });
  }

  /**
   * Records that an order shipped: stock leaves the warehouse (on_hand and reserved go down,
   * shipped up) and the outbox row is closed. Idempotent per shipment_id.
   * Concurrent reports are applied together (group commit; see {@link reportShipmentBatch}).
   * @throws FailedPreconditionError when the order is not PAID or FULFILLING, or shipped in
   * another shipment; NotFoundError.
   */
  async reportShipment(orderId: string, shipmentId: string, ended?: () => Error | undefined): Promise<OrderRecord> {
    return this.shipments.submit({ orderId, shipmentId }, ended);
  }
}
