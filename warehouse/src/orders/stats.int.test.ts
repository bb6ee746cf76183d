import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary, entityOf } from '../../../lib/grpc/index.js';
import { assertStatus, calls } from '../testing/calls.js';
import { startTestWarehouse, type TestWarehouse } from '../testing/test-warehouse.js';

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

  it('should refuse an unknown region, naming the field', async () => {
    await assertStatus(callUnary(wh.clients.node, wh.clients.node.GetNodeStats, { region: 'XX' }, { deadline: Date.now() + 5_000 }), grpc.status.INVALID_ARGUMENT, /^region: /);
  });
});
