import { sql } from 'drizzle-orm';
import { ORDER_STATUSES } from '#lib/orders/index.js';
import { bigint, boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The system of record. Every state change is a conditional UPDATE (expected status in the
 * WHERE clause) in one transaction with its stock change, so correctness never depends on which
 * node handled the call. Money is integer cents; bigint columns map to JS numbers (every amount
 * is bounded far below 2^53 by request validation).
 */

/** Order statuses: lib/orders' list (the API's enum without its prefix); order-status-enum.test.ts holds the migration to it. */
export const orderStatus = pgEnum('order_status', ORDER_STATUSES);

/** Stock of one sku at one warehouse. on_hand counts reserved units too; available = on_hand - reserved. */
export const inventory = pgTable(
  'inventory',
  {
    warehouseId: text('warehouse_id').notNull(),
    region: text('region').notNull(),
    sku: text('sku').notNull(),
    onHand: bigint('on_hand', { mode: 'number' }).notNull(),
    reserved: bigint('reserved', { mode: 'number' }).notNull().default(0),
    shipped: bigint('shipped', { mode: 'number' }).notNull().default(0),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.sku] }),
    index('inventory_sku_idx').on(t.sku),
    check('inventory_reserved_nonnegative', sql`${t.reserved} >= 0`),
    check('inventory_reserved_within_on_hand', sql`${t.reserved} <= ${t.onHand}`),
  ],
);

/** One order. */
export const orders = pgTable(
  'orders',
  {
    orderId: text('order_id').primaryKey(),
    requestId: text('request_id').notNull().default(''),
    customerName: text('customer_name').notNull(),
    region: text('region').notNull(),
    status: orderStatus('status').notNull(),
    warehouseId: text('warehouse_id').notNull().default(''),
    nodeId: text('node_id').notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    paymentId: text('payment_id').notNull().default(''),
    shipmentId: text('shipment_id').notNull().default(''),
    reason: text('reason').notNull().default(''),
    /** The request's fingerprint: a retry with the same id but other contents is refused. */
    fingerprint: text('fingerprint').notNull(),
    /** W3C traceparent of the order's creation, so payment and shipment join its trace. */
    traceparent: text('traceparent').notNull().default(''),
    /** When a RESERVED order is cancelled for want of payment. */
    paymentDueAt: timestamp('payment_due_at', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // ListOrders pages newest first (ORDER BY created_at DESC, order_id DESC, whose NULLS FIRST
    // these indexes must match, or Postgres sorts the whole table), all regions, one region, or
    // one region and status: each a walk of one index that stops after a page.
    index('orders_created_idx').on(t.createdAt.desc().nullsFirst(), t.orderId.desc().nullsFirst()),
    index('orders_region_created_idx').on(t.region, t.createdAt.desc().nullsFirst(), t.orderId.desc().nullsFirst()),
    index('orders_region_status_created_idx').on(t.region, t.status, t.createdAt.desc().nullsFirst(), t.orderId.desc().nullsFirst()),
    index('orders_payment_due_idx').on(t.paymentDueAt).where(sql`${t.status} = 'RESERVED'`),
  ],
);

/** The lines of an order, priced at the warehouse that reserved them. */
export const orderItems = pgTable(
  'order_items',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
);

/** Idempotency keys of CreateOrder: request_id → the order it made. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  requestId: text('request_id').primaryKey(),
  orderId: text('order_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Every payment callback, once per payment_id (ConfirmPayment is idempotent per payment_id). */
export const payments = pgTable(
  'payments',
  {
    paymentId: text('payment_id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    succeeded: boolean('succeeded').notNull(),
    failureReason: text('failure_reason').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('payments_order_idx').on(t.orderId)],
);

/** Deliveries owed to the warehouse-management backend, written with the PAID transition. */
export const outbox = pgTable(
  'outbox',
  {
    /** Also the idempotency key sent to the backend. */
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .unique()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error').notNull().default(''),
    traceparent: text('traceparent').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} IS NULL`)],
);

/**
 * Running counts of orders by region, last node and status, kept by statement-level triggers on
 * `orders` (migration 0002): each statement appends one signed row per group it changed, so
 * concurrent transactions never wait on a shared counter row; the rows are folded together now
 * and then (warehouse/src/orders/stats-aggregates.ts). GetStats sums them instead of scanning
 * every order. The triggers are the only writers.
 */
export const orderCounts = pgTable('order_counts', {
  region: text('region').notNull(),
  nodeId: text('node_id').notNull(),
  status: orderStatus('status').notNull(),
  orders: bigint('orders', { mode: 'number' }).notNull(),
});

/**
 * Running sales (revenue and units) per home region and sku of paid orders (PAID, FULFILLING,
 * SHIPPED), appended by the same triggers when an order enters or leaves those statuses.
 */
export const salesTotals = pgTable('sales_totals', {
  region: text('region').notNull(),
  sku: text('sku').notNull(),
  revenueCents: bigint('revenue_cents', { mode: 'number' }).notNull(),
  quantity: bigint('quantity', { mode: 'number' }).notNull(),
});
