import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import { assertStatus, calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';
import { foldAggregates } from './stats-aggregates.js';

describe('NodeService.GetNodeStats', { timeout: 60_000 }, () => {
  let wh: TestWarehouse;

  before(async () => {
    wh = await startTestWarehouse();
    const api = calls(wh.clients);
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 100, unitPriceCents: 200 }, { sku: 'B', onHand: 100, unitPriceCents: 1000 }] });
    await api.setStock({ warehouseId: 'DN-01', items: [{ sku: 'A', onHand: 100, unitPriceCents: 300 }] });
    // HCM: paid 3×A@200 + 1×B@1000; paid 1×A@200; one unpaid; DN: paid 2×A@300; one rejected.
    const pay = async (o: { orderId: string; totalCents: number }, id: string) => api.confirmPayment({ orderId: o.orderId, paymentId: id, amountCents: o.totalCents, succeeded: true });
    await pay(await api.createOrder({ customerName: 'a', region: 'HCM', items: [{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1 }] }), 'p1');
    await pay(await api.createOrder({ customerName: 'b', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] }), 'p2');
    await api.createOrder({ customerName: 'c', region: 'HCM', items: [{ sku: 'B', quantity: 2 }] });
    await pay(await api.createOrder({ customerName: 'd', region: 'DN', items: [{ sku: 'A', quantity: 2 }] }), 'p3');
    await api.createOrder({ customerName: 'e', region: 'DN', items: [{ sku: 'B', quantity: 500 }] });
  });
  after(() => wh.stop());

  it('should aggregate sales of paid orders per sku and region, and orders by status and node', async () => {
    const stats = entityOf(await callUnary(wh.clients.node, wh.clients.node.GetNodeStats, {}, { deadline: Date.now() + 5_000 }), 'stats');
    assert.deepEqual(
      stats.sales.map((s) => [s.region, s.sku, s.quantity, s.revenueCents, s.meanPriceCents]),
      [
        ['DN', 'A', 2, 600, 300],
        ['HCM', 'A', 4, 800, 200],
        ['HCM', 'B', 1, 1000, 1000],
      ],
    );
    assert.deepEqual(
      Object.fromEntries(stats.ordersByStatus.map((s) => [s.status, s.count])),
      { ORDER_STATUS_RESERVED: 1, ORDER_STATUS_REJECTED: 1, ORDER_STATUS_PAID: 3 },
    );
    assert.deepEqual(stats.nodes.map((n) => n.nodeId), ['test-1']);
    const hcm = entityOf(await callUnary(wh.clients.node, wh.clients.node.GetNodeStats, { region: 'HCM' }, { deadline: Date.now() + 5_000 }), 'stats');
    assert.ok(hcm.sales.every((s) => s.region === 'HCM'));
    assert.deepEqual(Object.fromEntries(hcm.ordersByStatus.map((s) => [s.status, s.count])), { ORDER_STATUS_RESERVED: 1, ORDER_STATUS_PAID: 2 });
  });

  it('should answer the same after the running aggregates are folded, and after a cancel and a shipment move orders on', async () => {
    const read = async () => entityOf(await callUnary(wh.clients.node, wh.clients.node.GetNodeStats, {}, { deadline: Date.now() + 5_000 }), 'stats');
    const before = await read();
    const deltas = await wh.database.sql<{ n: string }[]>`SELECT count(*) AS n FROM order_counts`;
    await foldAggregates(wh.database.sql);
    const folded = await wh.database.sql<{ n: string; groups: string }[]>`
      SELECT count(*) AS n, count(DISTINCT (region, node_id, status)) AS groups FROM order_counts`;
    assert.ok(Number(deltas[0]!.n) > Number(folded[0]!.n), 'folding merged delta rows');
    assert.equal(folded[0]!.n, folded[0]!.groups, 'one row per group after a fold');
    assert.deepEqual(await read(), before);

    // A shipment keeps the sale; the counts follow the orders, folded or not.
    const api = calls(wh.clients);
    const order = await api.createOrder({ customerName: 'f', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] });
    await api.confirmPayment({ orderId: order.orderId, paymentId: 'p-fold', amountCents: order.totalCents, succeeded: true });
    await api.reportShipment(order.orderId, 'shp-fold');
    const cancelled = await api.createOrder({ customerName: 'g', region: 'HCM', items: [{ sku: 'B', quantity: 1 }] });
    await api.cancelOrder(cancelled.orderId, 'changed my mind');
    const after = await read();
    const count = (s: typeof after, status: string) => s.ordersByStatus.find((c) => c.status === status)?.count ?? 0;
    assert.equal(count(after, 'ORDER_STATUS_SHIPPED'), 1);
    assert.equal(count(after, 'ORDER_STATUS_CANCELLED'), 1);
    assert.equal(count(after, 'ORDER_STATUS_PAID'), 3);
    assert.equal(after.sales.find((x) => x.region === 'HCM' && x.sku === 'A')?.quantity, 5);
    assert.equal(after.sales.find((x) => x.region === 'HCM' && x.sku === 'B')?.quantity, 1, 'a cancelled order sells nothing');
  });

  it('should refuse an unknown region, naming the field', async () => {
    await assertStatus(callUnary(wh.clients.node, wh.clients.node.GetNodeStats, { region: 'XX' }, { deadline: Date.now() + 5_000 }), grpc.status.INVALID_ARGUMENT, /^region: /);
  });
});
