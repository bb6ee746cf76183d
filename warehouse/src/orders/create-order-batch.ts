import type postgres from 'postgres';
import { NotFoundError } from '#lib/errors/index.js';
import { preferenceOrder, type CreateOrderCommand, type Topology } from '#lib/orders/index.js';
import { StockSnapshot, type StockRow } from './allocation.js';
import type { OrderLine, OrderRecord, OrderStatus } from './order-record.js';

/** One CreateOrder waiting in a batch. */
export interface CreateOrderItem {
  cmd: CreateOrderCommand;
  /** The id to create the order under (minted by the gateway, or by the node). */
  orderId: string;
  /** What the request asked for; a retry of its request_id must ask for the same. */
  fingerprint: string;
  traceparent: string;
}

/** What the batch decided for one item. */
export type CreateOrderOutcome =
  | OrderRecord
  /** Its request_id or order id names an order made before (or earlier in this batch): read it. */
  | 'existing'
  | Error;

/** What a batch needs beyond its items. */
export interface CreateOrderBatchContext {
  nodeId: string;
  topology: Topology;
  paymentTimeoutMs: number;
}

interface LockedStock {
  warehouse_id: string;
  region: string;
  sku: string;
  available: string;
  unit_price_cents: string;
}

/**
 * Places a batch of orders in ONE transaction with set-based SQL (group commit): one round trip
 * locks every inventory row the batch may reserve from (all warehouses stocking its skus, in
 * (warehouse_id, sku) order, the order every transaction that touches stock locks in, so there
 * are no deadlocks) and reads which request ids and order ids exist already; allocation runs in
 * memory over the locked rows (allocation.ts), order by order as if one after another; one more
 * round trip inserts every order, line and idempotency key and reserves the stock through
 * `unnest` arrays; then one commit, so one fsync, for the whole batch.
 *
 * Each item gets its own outcome: a sku stocked nowhere is that item's NotFoundError, a request
 * id seen before is 'existing', and neither touches its neighbours. Statements are prepared once
 * per connection (postgres.js prepares by text; the array parameters keep the text constant).
 * @throws the database's error when the transaction fails as a whole (the caller then applies
 * the items one by one, so that one bad item cannot fail the others).
 */
export async function createOrderBatch(sql: postgres.Sql, items: readonly CreateOrderItem[], ctx: CreateOrderBatchContext): Promise<CreateOrderOutcome[]> {
  const skus = [...new Set(items.flatMap((i) => i.cmd.items.map((l) => l.sku)))].sort();
  const requestIds = [...new Set(items.map((i) => i.cmd.requestId).filter((r) => r !== ''))];
  const orderIds = [...new Set(items.map((i) => i.orderId))];

  return sql.begin<CreateOrderOutcome[]>(async (tx) => {
    const [stock, keys, existing] = await Promise.all([
      tx<LockedStock[]>`
        SELECT warehouse_id, region, sku, on_hand - reserved AS available, unit_price_cents
        FROM inventory WHERE sku = ANY(${tx.array(skus)}::text[])
        ORDER BY warehouse_id, sku FOR UPDATE`,
      tx<{ request_id: string }[]>`SELECT request_id FROM idempotency_keys WHERE request_id = ANY(${tx.array(requestIds)}::text[])`,
      tx<{ order_id: string }[]>`SELECT order_id FROM orders WHERE order_id = ANY(${tx.array(orderIds)}::text[])`,
    ]);
    const snapshot = new StockSnapshot(
      stock.map<StockRow>((r) => ({ warehouseId: r.warehouse_id, region: r.region, sku: r.sku, available: Number(r.available), unitPriceCents: Number(r.unit_price_cents) })),
    );
    const seenRequests = new Set(keys.map((k) => k.request_id));
    const seenOrders = new Set(existing.map((o) => o.order_id));

    const now = new Date();
    const paymentDueAt = new Date(now.getTime() + ctx.paymentTimeoutMs);
    const rows = {
      orderId: [] as string[],
      requestId: [] as string[],
      customerName: [] as string[],
      region: [] as string[],
      status: [] as OrderStatus[],
      warehouseId: [] as string[],
      totalCents: [] as number[],
      reason: [] as string[],
      fingerprint: [] as string[],
      traceparent: [] as string[],
      /** ISO 8601, or null (a REJECTED order waits for no payment). */
      paymentDueAt: [] as (string | null)[],
    };
    const lines = { orderId: [] as string[], lineNo: [] as number[], sku: [] as string[], quantity: [] as number[], unitPriceCents: [] as number[] };
    const keyRows = { requestId: [] as string[], orderId: [] as string[] };
    const reserve = new Map<string, { warehouseId: string; sku: string; quantity: number }>();

    const outcomes = items.map((item): CreateOrderOutcome => {
      const { cmd, orderId } = item;
      if ((cmd.requestId !== '' && seenRequests.has(cmd.requestId)) || seenOrders.has(orderId)) return 'existing';
      const allocation = snapshot.allocate(cmd.items, preferenceOrder(ctx.topology, cmd.region));
      if (allocation.kind === 'unknown-sku') {
        return new NotFoundError(`items[${allocation.index}].sku`, `items[${allocation.index}].sku: no warehouse stocks sku '${allocation.sku}'`);
      }
      if (cmd.requestId !== '') {
        seenRequests.add(cmd.requestId);
        keyRows.requestId.push(cmd.requestId);
        keyRows.orderId.push(orderId);
      }
      seenOrders.add(orderId);
      const reserved = allocation.kind === 'reserved';
      const orderLines: OrderLine[] = allocation.lines;
      const totalCents = orderLines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
      const record: OrderRecord = {
        orderId,
        requestId: cmd.requestId,
        customerName: cmd.customerName,
        region: cmd.region,
        status: reserved ? 'RESERVED' : 'REJECTED',
        warehouseId: reserved ? allocation.warehouseId : '',
        nodeId: ctx.nodeId,
        items: orderLines,
        totalCents,
        paymentId: '',
        shipmentId: '',
        reason: reserved ? '' : allocation.reason,
        fingerprint: item.fingerprint,
        traceparent: item.traceparent,
        // Millisecond precision (a JS Date), not Postgres's microseconds: ListOrders' page token
        // carries created_at in ms, and must compare equal to the stored value.
        createdAt: now,
        updatedAt: now,
      };
      rows.orderId.push(orderId);
      rows.requestId.push(cmd.requestId);
      rows.customerName.push(cmd.customerName);
      rows.region.push(cmd.region);
      rows.status.push(record.status);
      rows.warehouseId.push(record.warehouseId);
      rows.totalCents.push(totalCents);
      rows.reason.push(record.reason);
      rows.fingerprint.push(item.fingerprint);
      rows.traceparent.push(item.traceparent);
      rows.paymentDueAt.push(reserved ? paymentDueAt.toISOString() : null);
      orderLines.forEach((l, i) => {
        lines.orderId.push(orderId);
        lines.lineNo.push(i + 1);
        lines.sku.push(l.sku);
        lines.quantity.push(l.quantity);
        lines.unitPriceCents.push(l.unitPriceCents);
        if (!reserved) return;
        const key = `${record.warehouseId}\u0000${l.sku}`;
        const r = reserve.get(key) ?? { warehouseId: record.warehouseId, sku: l.sku, quantity: 0 };
        r.quantity += l.quantity;
        reserve.set(key, r);
      });
      return record;
    });

    if (rows.orderId.length > 0) {
      const deltas = [...reserve.values()];
      // Sent together on the transaction's connection: one round trip for the batch's writes. The
      // idempotency keys go last: a key held by a concurrent transaction makes this one wait there.
      await Promise.all([
        tx`
          INSERT INTO orders (order_id, request_id, customer_name, region, status, warehouse_id, node_id, total_cents,
                              reason, fingerprint, traceparent, payment_due_at, created_at, updated_at)
          SELECT o.order_id, o.request_id, o.customer_name, o.region, o.status::order_status, o.warehouse_id, ${ctx.nodeId}, o.total_cents,
                 o.reason, o.fingerprint, o.traceparent, o.payment_due_at, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
          FROM unnest(${tx.array(rows.orderId)}::text[], ${tx.array(rows.requestId)}::text[], ${tx.array(rows.customerName)}::text[],
                      ${tx.array(rows.region)}::text[], ${tx.array(rows.status)}::text[], ${tx.array(rows.warehouseId)}::text[],
                      ${tx.array(rows.totalCents)}::int8[], ${tx.array(rows.reason)}::text[], ${tx.array(rows.fingerprint)}::text[],
                      ${tx.array(rows.traceparent)}::text[], ${tx.array(rows.paymentDueAt)}::text[]::timestamptz[])
            AS o(order_id, request_id, customer_name, region, status, warehouse_id, total_cents, reason, fingerprint, traceparent, payment_due_at)`,
        tx`
          INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents)
          SELECT * FROM unnest(${tx.array(lines.orderId)}::text[], ${tx.array(lines.lineNo)}::int4[], ${tx.array(lines.sku)}::text[],
                               ${tx.array(lines.quantity)}::int4[], ${tx.array(lines.unitPriceCents)}::int8[])`,
        tx`
          UPDATE inventory i SET reserved = i.reserved + d.quantity, updated_at = now()
          FROM unnest(${tx.array(deltas.map((d) => d.warehouseId))}::text[], ${tx.array(deltas.map((d) => d.sku))}::text[],
                      ${tx.array(deltas.map((d) => d.quantity))}::int8[]) AS d(warehouse_id, sku, quantity)
          WHERE i.warehouse_id = d.warehouse_id AND i.sku = d.sku`,
        tx`
          INSERT INTO idempotency_keys (request_id, order_id)
          SELECT * FROM unnest(${tx.array(keyRows.requestId)}::text[], ${tx.array(keyRows.orderId)}::text[])`,
      ]);
    }
    return outcomes;
  });
}
