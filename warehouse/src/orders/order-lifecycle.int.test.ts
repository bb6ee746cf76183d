import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertStatus, calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';

describe('order lifecycle through a warehouse node', { timeout: 60_000 }, () => {
  let wh: TestWarehouse;
  let api: ReturnType<typeof calls>;

  before(async () => {
    wh = await startTestWarehouse();
    api = calls(wh.clients);
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 10, unitPriceCents: 250 }, { sku: 'B', onHand: 5, unitPriceCents: 1000 }] });
    await api.setStock({ warehouseId: 'DN-01', items: [{ sku: 'A', onHand: 100, unitPriceCents: 300 }, { sku: 'C', onHand: 100, unitPriceCents: 50 }] });
    await api.setStock({ warehouseId: 'HN-01', items: [{ sku: 'C', onHand: 100, unitPriceCents: 60 }, { sku: 'B', onHand: 100, unitPriceCents: 900 }] });
  });
  after(() => wh.stop());

  it('should reserve at the home region first, priced there, with an id of the home region', async () => {
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] });
    assert.equal(order.status, 'ORDER_STATUS_RESERVED');
    assert.match(order.orderId, /^HCM-[0-9A-Z]{26}$/);
    assert.equal(order.warehouseId, 'HCM-01');
    assert.equal(order.totalCents, 2 * 250 + 1000);
    assert.equal(order.nodeId, 'test-1');
    assert.match(order.traceId, /^[0-9a-f]{32}$/);
    const stock = await api.getStock('HCM-01', ['A', 'B']);
    assert.deepEqual(
      stock.items.map((s) => [s.sku, s.onHand, s.reserved, s.available]),
      [
        ['A', 10, 2, 8],
        ['B', 5, 1, 4],
      ],
    );
  });

  it('should follow the failover order when the home region cannot supply every item', async () => {
    // HCM has no C; HCM fails over to DN (then HN): DN has A and C.
    const order = await api.createOrder({ customerName: 'Minh', region: 'HCM', items: [{ sku: 'A', quantity: 1 }, { sku: 'C', quantity: 3 }] });
    assert.equal(order.warehouseId, 'DN-01');
    // HN's own warehouse has C and B.
    const hn = await api.createOrder({ customerName: 'Hoa', region: 'HN', items: [{ sku: 'C', quantity: 1 }, { sku: 'B', quantity: 1 }] });
    assert.equal(hn.warehouseId, 'HN-01');
    assert.match(hn.orderId, /^HN-/);
  });

  it('should reject with the reason when no single warehouse has every item, reserving nothing', async () => {
    const before = await api.getStock('');
    const order = await api.createOrder({ customerName: 'Tuan', region: 'HCM', items: [{ sku: 'B', quantity: 1 }, { sku: 'C', quantity: 1 }, { sku: 'A', quantity: 1 }] });
    assert.equal(order.status, 'ORDER_STATUS_REJECTED');
    assert.match(order.reason, /out of stock/);
    assert.equal(order.warehouseId, '');
    assert.deepEqual((await api.getStock('')).items, before.items);
  });

  it('should pay, queue the order for fulfilment, ship it and move the stock', async () => {
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 3 }] });
    const paid = await api.confirmPayment({ orderId: order.orderId, paymentId: 'pay-1', amountCents: order.totalCents, succeeded: true });
    assert.equal(paid.status, 'ORDER_STATUS_PAID');
    assert.equal(paid.paymentId, 'pay-1');
    const [outboxRow] = await wh.database.sql`SELECT id, delivered_at FROM outbox WHERE order_id = ${order.orderId}`;
    assert.ok(outboxRow, 'PAID wrote an outbox row in the same transaction');
    assert.equal(outboxRow.delivered_at, null);
    const before = (await api.getStock('HCM-01', ['A'])).items[0];
    const shipped = await api.reportShipment(order.orderId, 'ship-1');
    assert.equal(shipped.status, 'ORDER_STATUS_SHIPPED');
    assert.equal(shipped.shipmentId, 'ship-1');
    const after = (await api.getStock('HCM-01', ['A'])).items[0];
    assert.ok(before && after);
    assert.equal(after.onHand, before.onHand - 3);
    assert.equal(after.reserved, before.reserved - 3);
    assert.equal(after.shipped, before.shipped + 3);
    // The same report again changes nothing; another shipment id is refused.
    assert.equal((await api.reportShipment(order.orderId, 'ship-1')).status, 'ORDER_STATUS_SHIPPED');
    await assertStatus(api.reportShipment(order.orderId, 'ship-2'), grpc.status.FAILED_PRECONDITION, /already shipped/);
    await assertStatus(api.cancelOrder(order.orderId), grpc.status.FAILED_PRECONDITION, /SHIPPED/);
  });

  it('should cancel on a failed payment and release the stock', async () => {
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'B', quantity: 2 }] });
    const reserved = (await api.getStock('HCM-01', ['B'])).items[0]?.reserved ?? -1;
    const failed = await api.confirmPayment({ orderId: order.orderId, paymentId: 'pay-fail', amountCents: order.totalCents, succeeded: false, failureReason: 'card declined' });
    assert.equal(failed.status, 'ORDER_STATUS_CANCELLED');
    assert.match(failed.reason, /card declined/);
    assert.equal((await api.getStock('HCM-01', ['B'])).items[0]?.reserved, reserved - 2);
    // Retrying the same failed payment is idempotent; a new payment cannot revive the order.
    assert.equal((await api.confirmPayment({ orderId: order.orderId, paymentId: 'pay-fail', amountCents: 0, succeeded: false })).status, 'ORDER_STATUS_CANCELLED');
    await assertStatus(api.confirmPayment({ orderId: order.orderId, paymentId: 'pay-2', amountCents: order.totalCents, succeeded: true }), grpc.status.FAILED_PRECONDITION, /CANCELLED/);
  });

  it('should cancel a RESERVED order on request, and answer a repeat with the cancelled order', async () => {
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] });
    const cancelled = await api.cancelOrder(order.orderId, 'changed my mind');
    assert.equal(cancelled.status, 'ORDER_STATUS_CANCELLED');
    assert.equal(cancelled.reason, 'changed my mind');
    assert.equal((await api.cancelOrder(order.orderId, 'again')).reason, 'changed my mind');
  });

  it('should return the first order for a repeated request_id', async () => {
    const req = { requestId: 'req-42', customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] };
    const first = await api.createOrder(req);
    const second = await api.createOrder(req);
    assert.equal(second.orderId, first.orderId);
    assert.equal(second.requestId, 'req-42');
    await assertStatus(api.createOrder({ ...req, items: [{ sku: 'A', quantity: 2 }] }), grpc.status.FAILED_PRECONDITION, /request_id 'req-42' was already used/);
  });

  it('should list orders newest first, filtered, across pages', async () => {
    const all: string[] = [];
    let token = '';
    do {
      const page = await api.listOrders('HCM', '', 2, token);
      assert.ok(page.orders.length <= 2);
      all.push(...page.orders.map((o) => o.orderId));
      token = page.nextPageToken;
    } while (token);
    const direct = await wh.database.sql<{ order_id: string }[]>`SELECT order_id FROM orders WHERE region = 'HCM' ORDER BY created_at DESC, order_id DESC`;
    assert.deepEqual(all, direct.map((r) => r.order_id));
    // The page token carries created_at in milliseconds, so stored times must be whole milliseconds...
    const [subMs] = await wh.database.sql`SELECT count(*)::int AS n FROM orders WHERE (extract(microseconds FROM created_at)::bigint % 1000) <> 0`;
    assert.equal(subMs?.n, 0);
    // ...and orders created in the same millisecond are neither skipped nor repeated across pages.
    const sameMs = ['HCM-01K0000000000000000000000A', 'HCM-01K0000000000000000000000B', 'HCM-01K0000000000000000000000C'];
    for (const id of sameMs) {
      await wh.database.sql`INSERT INTO orders (order_id, customer_name, region, status, node_id, total_cents, fingerprint, created_at)
        VALUES (${id}, 'same', 'DN', 'REJECTED', 'test-1', 0, 'x', '2030-01-01T00:00:00.123Z')`;
    }
    const seen: string[] = [];
    token = '';
    do {
      const page = await api.listOrders('DN', 'ORDER_STATUS_REJECTED', 1, token);
      seen.push(...page.orders.map((o) => o.orderId));
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(seen.filter((id) => sameMs.includes(id)).sort(), sameMs);
    const rejected = await api.listOrders('', 'ORDER_STATUS_REJECTED');
    assert.ok(rejected.orders.length >= 1);
    assert.ok(rejected.orders.every((o) => o.status === 'ORDER_STATUS_REJECTED'));
  });
});
