import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callBytes, callUnary, MAX_MESSAGE_BYTES } from '#lib/grpc/index.js';
import { ordermeshV1 } from '#lib/proto/index.js';
import { mintOrderId } from '#lib/orders/index.js';
import { waitFor } from '#lib/testing/index.js';
import { assertStatus, calls, startTestWarehouse, type TestWarehouse, placePaidOrder } from '#test/support/index.js';
import { shipOrderRequestFor, startTestWmsSim, type TestWmsSim } from './testing/test-wms-sim.js';

// A real warehouse node on a real database stands in for the gateway: a node serves any
// OrderService/InventoryService request, so ReportShipment meets the real state machine.
describe('wms-sim ShipOrder against a real warehouse node', { timeout: 90_000 }, () => {
  let wh: TestWarehouse;
  let wms: TestWmsSim;
  let api: ReturnType<typeof calls>;

  before(async () => {
    wh = await startTestWarehouse();
    api = calls(wh.clients);
    wms = await startTestWmsSim(wh.address);
    await wms.sim.stocked;
  });
  after(async () => {
    await wms?.stop();
    await wh?.stop();
  });

  it('should accept a paid order, answer at once, and report it SHIPPED through the gateway', async () => {
    const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 2 }]);
    assert.equal(paid.status, 'ORDER_STATUS_PAID');
    const answer = await wms.shipOrder(shipOrderRequestFor(paid));
    assert.equal(answer.orderId, paid.orderId);
    assert.equal(answer.shipmentId, `SHP-${paid.orderId}`);
    assert.equal(answer.firstDelivery, true);

    const shipped = await waitFor(
      async () => {
        const order = await api.getOrder(paid.orderId);
        return order.status === 'ORDER_STATUS_SHIPPED' && order;
      },
      { timeoutMs: 15_000, message: `order ${paid.orderId} SHIPPED` },
    );
    assert.equal(shipped.shipmentId, answer.shipmentId);
    const shipment = await waitFor(async () => (await wms.report()).shipments.find((s) => s.orderId === paid.orderId && s.reported), {
      timeoutMs: 10_000,
      message: 'shipment marked reported',
    });
    assert.equal(shipment.deliveries, 1);
    assert.equal(shipment.warehouseId, paid.warehouseId);
    assert.deepEqual(
      shipment.items.map((i) => [i.sku, i.quantity]),
      [['SKU-0001', 2]],
    );
    // The stock left the warehouse: shipping moved the units from on_hand to shipped.
    const level = (await api.getStock(paid.warehouseId, ['SKU-0001'])).items[0];
    assert.ok(level);
    assert.equal(level.shipped, 2);
  });

  it('should answer a repeated ShipOrder with the same shipment, count the delivery, and report once', async () => {
    const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0002', quantity: 1 }]);
    const first = await wms.shipOrder(shipOrderRequestFor(paid));
    const second = await wms.shipOrder(shipOrderRequestFor(paid));
    assert.equal(second.shipmentId, first.shipmentId);
    assert.equal(first.firstDelivery, true);
    assert.equal(second.firstDelivery, false);
    await waitFor(async () => (await api.getOrder(paid.orderId)).status === 'ORDER_STATUS_SHIPPED', { timeoutMs: 15_000, message: 'order SHIPPED' });
    const shipment = await waitFor(async () => (await wms.report()).shipments.find((s) => s.orderId === paid.orderId && s.reported), {
      timeoutMs: 10_000,
      message: 'shipment marked reported',
    });
    assert.equal(shipment.deliveries, 2);
    // A third delivery after the report: still the same shipment, no second report.
    const third = await wms.shipOrder(shipOrderRequestFor(paid));
    assert.equal(third.shipmentId, first.shipmentId);
    assert.equal(third.firstDelivery, false);
    const report = await wms.report();
    assert.equal(report.shipments.filter((s) => s.orderId === paid.orderId).length, 1);
    assert.equal(report.shipments.find((s) => s.orderId === paid.orderId)?.deliveries, 3);
    // The units shipped once: on_hand + shipped still equals what the catalogue put in.
    const level = (await api.getStock(paid.warehouseId, ['SKU-0002'])).items[0];
    assert.equal(level?.shipped, 1);
  });

  it('should leave an order that ordermesh refuses to ship unreported, without retrying it forever', async () => {
    // Never paid: ReportShipment answers FAILED_PRECONDITION, which is final.
    const reserved = await api.createOrder({ customerName: 'Minh', region: 'HCM', items: [{ sku: 'SKU-0003', quantity: 1 }] });
    assert.equal(reserved.status, 'ORDER_STATUS_RESERVED');
    await wms.shipOrder(shipOrderRequestFor(reserved));
    // The report settles (refused) well within the retry budget; a pending one would keep the
    // reporter busy. Then the order is still RESERVED and the shipment not reported.
    await waitFor(async () => (await wms.report()).shipments.some((s) => s.orderId === reserved.orderId), { message: 'shipment recorded' });
    await waitFor(() => wms.sim.pendingReports === 0, { timeoutMs: 10_000, message: 'report settled' });
    assert.equal((await api.getOrder(reserved.orderId)).status, 'ORDER_STATUS_RESERVED');
    assert.equal((await wms.report()).shipments.find((s) => s.orderId === reserved.orderId)?.reported, false);
  });

  it('should refuse a malformed order id with INVALID_ARGUMENT naming order_id, recording nothing', async () => {
    const before = await wms.report();
    await assertStatus(wms.shipOrder({ orderId: 'nope', idempotencyKey: 'k', warehouseId: 'HCM-01', items: [] }), grpc.status.INVALID_ARGUMENT, /^order_id: 'nope' is not an order id/);
    await assertStatus(wms.shipOrder({ orderId: '' }), grpc.status.INVALID_ARGUMENT, /^order_id: is required/);
    await assertStatus(
      wms.shipOrder({ orderId: mintOrderId('HCM'), warehouseId: 'nowhere' }),
      grpc.status.INVALID_ARGUMENT,
      /^warehouse_id: /,
    );
    assert.deepEqual(await wms.report(), before);
  });

  it('should refuse what issue 10 found it accepting: an overflowing ULID, no items, a wrong line total, a message over 1 MiB', async () => {
    const before = await wms.report();
    const line = { sku: 'SKU-0001', quantity: 2, unitPriceCents: 150, lineTotalCents: 300 };
    const request = { orderId: mintOrderId('HCM'), idempotencyKey: 'k', warehouseId: 'HCM-01', items: [line] };
    await assertStatus(wms.shipOrder({ ...request, orderId: 'HCM-ZZZZZZZZZZZZZZZZZZZZZZZZZZ' }), grpc.status.INVALID_ARGUMENT, /^order_id: .*ULID overflows 128 bits/);
    await assertStatus(wms.shipOrder({ ...request, items: [] }), grpc.status.INVALID_ARGUMENT, /^items: must have at least one item/);
    await assertStatus(
      wms.shipOrder({ ...request, items: [{ ...line, lineTotalCents: 301 }] }),
      grpc.status.INVALID_ARGUMENT,
      /^items\[0\]\.line_total_cents: is 301 but quantity × unit_price_cents is 300/,
    );
    // The shared limit of every ordermesh server: 1 MiB, not the 64 MiB wms-sim used to accept.
    // (Sent by a raw client without a send limit of its own, so the server is what refuses it.)
    const raw = new grpc.Client(wms.address, grpc.credentials.createInsecure());
    try {
      const ship = ordermeshV1().FulfillmentService.service.ShipOrder;
      const big = ship.requestSerialize({ ...request, idempotencyKey: 'k'.repeat(MAX_MESSAGE_BYTES) });
      await assertStatus(callBytes(raw, ship.path, big, { deadline: Date.now() + 10_000 }), grpc.status.RESOURCE_EXHAUSTED, /Received message larger than max/);
    } finally {
      raw.close();
    }
    assert.deepEqual(await wms.report(), before, 'nothing recorded');
  });

  it('should take a ShipOrders batch, answer each order on its own, and report each SHIPPED once', async () => {
    const paid: Awaited<ReturnType<typeof placePaidOrder>>[] = [];
    for (let i = 0; i < 4; i++) paid.push(await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 1 }]));
    const bad = { ...shipOrderRequestFor(paid[0]!), orderId: 'not-an-order' };
    const batch = [...paid.map(shipOrderRequestFor), bad, shipOrderRequestFor(paid[0]!)];
    const { results } = await callUnary(wms.client, wms.client.ShipOrders, { orders: batch });
    assert.deepEqual(results.map((r) => r.orderId), batch.map((b) => b.orderId), 'one result per order, in order');
    results.slice(0, 4).forEach((r, i) => {
      assert.equal(r.statusCode, grpc.status.OK, r.statusMessage);
      assert.equal(r.shipment?.shipmentId, `SHP-${paid[i]!.orderId}`);
      assert.equal(r.shipment?.firstDelivery, true);
    });
    assert.equal(results[4]?.statusCode, grpc.status.INVALID_ARGUMENT);
    assert.match(results[4]?.statusMessage ?? '', /^order_id: /);
    assert.equal(results[5]?.statusCode, grpc.status.OK, 'a repeat in the same batch is idempotent');
    assert.equal(results[5]?.shipment?.firstDelivery, false);

    for (const o of paid) {
      await waitFor(async () => (await api.getOrder(o.orderId)).status === 'ORDER_STATUS_SHIPPED' || undefined, { timeoutMs: 15_000, message: `order ${o.orderId} SHIPPED` });
    }
    const report = await waitFor(async () => {
      const r = await wms.report();
      return paid.every((o) => r.shipments.find((s) => s.orderId === o.orderId)?.reported) ? r : undefined;
    }, { timeoutMs: 10_000, message: 'every shipment of the batch reported' });
    assert.deepEqual(paid.map((o) => report.shipments.filter((s) => s.orderId === o.orderId).length), [1, 1, 1, 1], 'each order accepted once');
    await assert.rejects(callUnary(wms.client, wms.client.ShipOrders, { orders: [] }), (err: grpc.ServiceError) => err.code === grpc.status.INVALID_ARGUMENT && /^orders: /.test(err.details));
  });
});

describe('wms-sim with a failure rate of 1', { timeout: 60_000 }, () => {
  let wh: TestWarehouse;
  let wms: TestWmsSim;

  before(async () => {
    wh = await startTestWarehouse();
    wms = await startTestWmsSim(wh.address, { failureRate: 1 });
    await wms.sim.stocked;
  });
  after(async () => {
    await wms?.stop();
    await wh?.stop();
  });

  it('should answer every ShipOrder UNAVAILABLE, count it, and record no shipment', async () => {
    const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 1 }]);
    await assertStatus(wms.shipOrder(shipOrderRequestFor(paid)), grpc.status.UNAVAILABLE, /^simulated outage; retry$/);
    await assertStatus(wms.shipOrder(shipOrderRequestFor(paid)), grpc.status.UNAVAILABLE, /simulated outage/);
    const report = await wms.report();
    assert.equal(report.injectedFailures, 2);
    assert.deepEqual(report.shipments, []);
    assert.equal(wms.sim.pendingReports, 0);
    assert.equal((await calls(wh.clients).getOrder(paid.orderId)).status, 'ORDER_STATUS_PAID');
  });

});
