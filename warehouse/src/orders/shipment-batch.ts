import type postgres from 'postgres';
import { FailedPreconditionError, NotFoundError } from '#lib/errors/index.js';
import { canApply, statusesBefore, TRANSITIONS } from '#lib/orders/index.js';
import { lockOrders } from './locked-orders.js';
import type { OrderRecord } from './order-record.js';

/** One shipment report waiting in a batch. */
export interface ShipmentReport {
  orderId: string;
  shipmentId: string;
}

/**
 * Records a batch of shipment reports in ONE transaction (group commit): one round trip locks
 * the batch's orders (in order_id order) and reads their lines; each report is decided in
 * memory, in arrival order; one more round trip moves the stock out of the warehouses (rows
 * locked in (warehouse_id, sku) order first: reserved and on_hand down, shipped up), marks the
 * orders SHIPPED and closes their outbox rows, through `unnest` arrays; one commit.
 *
 * Per item, exactly as one report alone: idempotent per shipment_id (a repeat returns the
 * SHIPPED order); another shipment for a shipped order, or an order that is not PAID or
 * FULFILLING, is that item's FailedPreconditionError and touches no neighbour.
 * @throws the database's error when the transaction fails as a whole.
 */
export async function reportShipmentBatch(sql: postgres.Sql, items: readonly ShipmentReport[], nodeId: string): Promise<Array<OrderRecord | Error>> {
  return sql.begin<Array<OrderRecord | Error>>(async (tx) => {
    const orders = await lockOrders(tx, items.map((i) => i.orderId));
    const now = new Date();
    const shipped: OrderRecord[] = [];
    const moves = new Map<string, { warehouseId: string; sku: string; quantity: number }>();

    const outcomes = items.map((report): OrderRecord | Error => {
      const order = orders.get(report.orderId);
      if (!order) return new NotFoundError('order_id', `order_id: no order ${report.orderId}`);
      if (order.status === 'SHIPPED') {
        if (order.shipmentId === report.shipmentId) return order;
        return new FailedPreconditionError('already-shipped', `order ${order.orderId} already shipped in shipment ${order.shipmentId}`);
      }
      if (!canApply('ship', order.status)) {
        return new FailedPreconditionError('illegal-transition', `order ${order.orderId} is ${order.status}; only a ${statusesBefore('ship').join(' or ')} order can ship`);
      }
      for (const l of order.items) {
        const key = `${order.warehouseId}\u0000${l.sku}`;
        const m = moves.get(key) ?? { warehouseId: order.warehouseId, sku: l.sku, quantity: 0 };
        m.quantity += l.quantity;
        moves.set(key, m);
      }
      const next: OrderRecord = { ...order, status: TRANSITIONS.ship.to, shipmentId: report.shipmentId, nodeId, updatedAt: now };
      orders.set(order.orderId, next);
      shipped.push(next);
      return next;
    });

    if (shipped.length > 0) {
      const moved = [...moves.values()].sort((a, b) => (a.warehouseId + '\u0000' + a.sku < b.warehouseId + '\u0000' + b.sku ? -1 : 1));
      const w = tx.array(moved.map((m) => m.warehouseId));
      const s = tx.array(moved.map((m) => m.sku));
      const ids = tx.array(shipped.map((o) => o.orderId));
      // Sent together on the transaction's connection: one round trip for the batch's writes.
      await Promise.all([
        tx`
          SELECT 1 FROM inventory i JOIN unnest(${w}::text[], ${s}::text[]) AS d(warehouse_id, sku) USING (warehouse_id, sku)
          ORDER BY i.warehouse_id, i.sku FOR UPDATE OF i`,
        tx`
          UPDATE inventory i SET reserved = i.reserved - d.quantity, on_hand = i.on_hand - d.quantity, shipped = i.shipped + d.quantity, updated_at = now()
          FROM unnest(${w}::text[], ${s}::text[], ${tx.array(moved.map((m) => m.quantity))}::int8[]) AS d(warehouse_id, sku, quantity)
          WHERE i.warehouse_id = d.warehouse_id AND i.sku = d.sku`,
        tx`
          UPDATE orders o SET status = ${TRANSITIONS.ship.to}::order_status, shipment_id = d.shipment_id, node_id = ${nodeId},
                 updated_at = ${now.toISOString()}::timestamptz, version = o.version + 1
          FROM unnest(${ids}::text[], ${tx.array(shipped.map((o) => o.shipmentId))}::text[]) AS d(order_id, shipment_id)
          WHERE o.order_id = d.order_id AND o.status = ANY(${tx.array(statusesBefore('ship'))}::order_status[])`,
        tx`UPDATE outbox SET delivered_at = coalesce(delivered_at, now()) WHERE order_id = ANY(${ids}::text[])`,
      ]);
    }
    return outcomes;
  });
}
