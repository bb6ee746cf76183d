import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callUnary } from '#lib/grpc/index.js';
import { loadKey } from '#lib/membership/index.js';
import { Router } from '#lib/routing/index.js';
import { waitFor } from '#lib/testing/index.js';
import { assertStatus } from '#test/support/index.js';
import { startTestCluster, type TestCluster } from './testing/test-cluster.js';

const STOCK = { warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 100_000, unitPriceCents: 250 }] };

function newOrder(region = 'HCM', requestId = '') {
  return { requestId, customerName: 'Lan', region, items: [{ sku: 'A', quantity: 1 }] };
}

async function cluster(t: { after: (fn: () => Promise<void>) => void }, specs: Array<{ nodeId: string; region: string }>): Promise<TestCluster> {
  const c = await startTestCluster(specs);
  t.after(() => c.stop());
  return c;
}

test('should route every OrderService, PaymentService and InventoryService call through the gateway to the owning node', { timeout: 90_000 }, async (t) => {
  const c = await cluster(t, [
    { nodeId: 'hcm-1', region: 'HCM' },
    { nodeId: 'hcm-2', region: 'HCM' },
    { nodeId: 'hn-1', region: 'HN' },
  ]);
  const router = new Router(await c.publish(c.specs(), 1));

  const set = await c.api.setStock(STOCK);
  assert.deepEqual(set.items.map((s) => [s.warehouseId, s.sku, s.onHand]), [['HCM-01', 'A', 100_000]]);
  const stock = await c.api.getStock('HCM-01', ['A']);
  assert.equal(stock.items[0]?.onHand, 100_000);

  // CreateOrder: the node that handled it is the owner of the id the gateway minted. Keep
  // creating until both HCM nodes have owned an order, so the check covers the ring, not one node.
  const created = [];
  const handlers = new Set<string>();
  for (let i = 0; i < 60 && !(handlers.has('hcm-1') && handlers.has('hcm-2') && i >= 8); i++) {
    const region = i % 4 === 3 ? 'HN' : 'HCM';
    const order = await c.api.createOrder(newOrder(region));
    assert.equal(order.status, 'ORDER_STATUS_RESERVED');
    assert.match(order.orderId, new RegExp(`^${region}-[0-9A-Z]{26}$`));
    assert.equal(order.nodeId, router.owner(order.orderId)?.nodeId, `order ${order.orderId} handled by its owner`);
    handlers.add(order.nodeId);
    created.push(order);
  }
  assert.deepEqual([...handlers].sort(), ['hcm-1', 'hcm-2', 'hn-1']);

  const [first, second] = created.filter((o) => o.region === 'HCM');
  assert.ok(first && second);
  const got = await c.api.getOrder(first.orderId);
  assert.equal(got.orderId, first.orderId);
  assert.equal(got.totalCents, 250);

  const paid = await c.api.confirmPayment({ orderId: first.orderId, paymentId: 'pay-1', amountCents: first.totalCents, succeeded: true });
  assert.equal(paid.status, 'ORDER_STATUS_PAID');
  assert.equal(paid.nodeId, router.owner(first.orderId)?.nodeId, 'ConfirmPayment was handled by the owner');
  const shipped = await c.api.reportShipment(first.orderId, 'ship-1');
  assert.equal(shipped.status, 'ORDER_STATUS_SHIPPED');
  assert.equal(shipped.nodeId, router.owner(first.orderId)?.nodeId, 'ReportShipment was handled by the owner');
  const cancelled = await c.api.cancelOrder(second.orderId, 'changed my mind');
  assert.equal(cancelled.status, 'ORDER_STATUS_CANCELLED');
  assert.equal(cancelled.nodeId, router.owner(second.orderId)?.nodeId, 'CancelOrder was handled by the owner');

  const hcm = await c.api.listOrders('HCM', '', 1000);
  assert.deepEqual(new Set(hcm.orders.map((o) => o.orderId)), new Set(created.filter((o) => o.region === 'HCM').map((o) => o.orderId)));
  const all = await c.api.listOrders('', '', 1000);
  assert.equal(all.orders.length, created.length);
  const after = await c.api.getStock('HCM-01', ['A']);
  assert.equal(after.items[0]?.onHand, 100_000 - 1, 'the shipped unit left on_hand');
});

test('should answer bad input with INVALID_ARGUMENT naming the field even when no node can be asked', { timeout: 60_000 }, async (t) => {
  // No node and no assignment. The gateway forwards requests unvalidated (the node validates),
  // but when it answers itself (a key that routes nowhere, or no node to ask) it says what the
  // node would have said about a bad request, not UNAVAILABLE.
  const c = await cluster(t, []);
  const { api } = c;
  await assertStatus(api.createOrder({ customerName: 'Lan', region: 'XX', items: [{ sku: 'A', quantity: 1 }] }), grpc.status.INVALID_ARGUMENT, /^region: /);
  await assertStatus(api.createOrder({ customerName: 'Lan', region: 'HCM', items: [] }), grpc.status.INVALID_ARGUMENT, /^items: /);
  await assertStatus(api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 0 }] }), grpc.status.INVALID_ARGUMENT, /^items\[0\]\.quantity: /);
  await assertStatus(api.createOrder({ customerName: ' ', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] }), grpc.status.INVALID_ARGUMENT, /^customer_name: /);
  await assertStatus(api.getOrder('nope'), grpc.status.INVALID_ARGUMENT, /^order_id: 'nope' is not an order id/);
  await assertStatus(api.getOrder('XX-01JD3F1X1R8N2C5T4M7Q9W0YZB'), grpc.status.INVALID_ARGUMENT, /^order_id: region XX/);
  // A ULID past 7ZZZ... overflows 128 bits: no order id, though every character is base32.
  await assertStatus(api.getOrder('HCM-ZZZZZZZZZZZZZZZZZZZZZZZZZZ'), grpc.status.INVALID_ARGUMENT, /^order_id: .*ULID overflows 128 bits/);
  await assertStatus(api.cancelOrder(''), grpc.status.INVALID_ARGUMENT, /^order_id: is required/);
  await assertStatus(api.reportShipment('HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB', ''), grpc.status.INVALID_ARGUMENT, /^shipment_id: /);
  await assertStatus(
    api.confirmPayment({ orderId: 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB', paymentId: 'p', amountCents: -1, succeeded: true }),
    grpc.status.INVALID_ARGUMENT,
    /^amount_cents: /,
  );
  await assertStatus(api.setStock({ warehouseId: 'nowhere', items: [{ sku: 'A', onHand: 1, unitPriceCents: 1 }] }), grpc.status.INVALID_ARGUMENT, /^warehouse_id: /);
  await assertStatus(api.getStock('HCM-01', ['bad sku!']), grpc.status.INVALID_ARGUMENT, /^skus\[0\]: /);
  await assertStatus(api.listOrders('ZZ'), grpc.status.INVALID_ARGUMENT, /^region: /);
  // Well-formed input does reach routing, which has nothing yet.
  await assertStatus(api.createOrder(newOrder()), grpc.status.UNAVAILABLE, /no routing table yet/);
});

test('should answer UNAVAILABLE naming the region when no live node serves it or its failover regions', { timeout: 60_000 }, async (t) => {
  const c = await cluster(t, []);
  await c.publish([], 1);
  await assertStatus(c.api.createOrder(newOrder('HCM')), grpc.status.UNAVAILABLE, /no live warehouse node serves region HCM or its failover regions \(DN, HN\)/);
  await assertStatus(c.api.getOrder('HN-01JD3F1X1R8N2C5T4M7Q9W0YZB'), grpc.status.UNAVAILABLE, /no live warehouse node serves region HN/);
  await assertStatus(c.api.listOrders(), grpc.status.UNAVAILABLE, /no live warehouse node is ACTIVE/);
});

test('should keep serving through a dead candidate: every call succeeds on the next node', { timeout: 90_000 }, async (t) => {
  const c = await cluster(t, [
    { nodeId: 'hcm-1', region: 'HCM' },
    { nodeId: 'hcm-2', region: 'HCM' },
    { nodeId: 'hcm-3', region: 'HCM' },
  ]);
  const router = new Router(await c.publish(c.specs(), 1));
  await c.api.setStock(STOCK);
  const before = [];
  for (let i = 0; i < 30; i++) before.push(await c.api.createOrder(newOrder()));
  const ownedByDead = before.filter((o) => o.nodeId === 'hcm-2');
  assert.ok(ownedByDead.length > 0, 'some orders are owned by the node about to die');

  // The node dies; the assignment still names it (the controller has not noticed yet).
  await c.nodes.get('hcm-2')!.stop();
  const retriesBefore = c.gateway.gateway.forwarder.stats.retries;
  const failures: unknown[] = [];
  const attempt = async <T>(p: Promise<T>): Promise<T | undefined> => p.catch((err: unknown) => void failures.push(err));

  for (const order of ownedByDead) {
    const got = await attempt(c.api.getOrder(order.orderId));
    assert.equal(got?.orderId, order.orderId);
  }
  const paid = await attempt(
    c.api.confirmPayment({ orderId: ownedByDead[0]!.orderId, paymentId: 'pay-dead', amountCents: ownedByDead[0]!.totalCents, succeeded: true }),
  );
  assert.equal(paid?.status, 'ORDER_STATUS_PAID');
  assert.equal(paid?.nodeId, router.candidates(ownedByDead[0]!.orderId)[1]?.nodeId, 'the next candidate took it');

  let spilled = 0;
  for (let i = 0; i < 30; i++) {
    const order = await attempt(c.api.createOrder(newOrder()));
    if (!order) continue;
    const [owner, next] = router.candidates(order.orderId);
    if (owner?.nodeId === 'hcm-2') {
      spilled++;
      assert.equal(order.nodeId, next?.nodeId, `order ${order.orderId} of the dead owner went to the next candidate`);
    } else {
      assert.equal(order.nodeId, owner?.nodeId);
    }
  }
  assert.deepEqual(failures, [], 'zero failed calls');
  assert.ok(spilled > 0, 'some new orders had the dead node as owner');
  assert.ok(c.gateway.gateway.forwarder.stats.retries > retriesBefore, 'the gateway retried');
});

test('should send orders of a region without members to the first failover region that has one', { timeout: 60_000 }, async (t) => {
  // HCM has no node; HCM fails over to DN first, then HN.
  const c = await cluster(t, [
    { nodeId: 'dn-1', region: 'DN' },
    { nodeId: 'hn-1', region: 'HN' },
  ]);
  await c.publish(c.specs(), 1);
  await c.api.setStock(STOCK);
  for (let i = 0; i < 5; i++) {
    const order = await c.api.createOrder(newOrder('HCM'));
    assert.match(order.orderId, /^HCM-/, 'the order keeps its home region');
    assert.equal(order.region, 'HCM');
    assert.equal(order.nodeId, 'dn-1');
    assert.equal((await c.api.cancelOrder(order.orderId)).nodeId, 'dn-1');
  }
  const hn = await c.api.createOrder(newOrder('HN'));
  assert.equal(hn.nodeId, 'hn-1');
});

test('should spill new orders from an owner reported hot to the next node on the ring (bounded load)', { timeout: 90_000 }, async (t) => {
  const c = await cluster(t, [
    { nodeId: 'hcm-1', region: 'HCM' },
    { nodeId: 'hcm-2', region: 'HCM' },
    { nodeId: 'hcm-3', region: 'HCM' },
  ]);
  const router = new Router(await c.publish(c.specs(), 1));
  await c.api.setStock(STOCK);
  const report = (inFlight: number) => JSON.stringify({ inFlight, ratePerS: 10, p50Ms: 1, p99Ms: 5, reportedAt: new Date().toISOString() });
  await c.client.put(loadKey(c.etcd.prefix, 'hcm-1')).value(report(60)).exec();
  await c.client.put(loadKey(c.etcd.prefix, 'hcm-2')).value(report(0)).exec();
  await c.client.put(loadKey(c.etcd.prefix, 'hcm-3')).value(report(0)).exec();
  await waitFor(() => c.gateway.gateway.source.loadOf('hcm-1') === 60, { message: 'the gateway to see hcm-1 hot' });

  let ownedByHot = 0;
  for (let i = 0; i < 80 && ownedByHot < 4; i++) {
    const order = await c.api.createOrder(newOrder());
    const [owner, next] = router.candidates(order.orderId);
    if (owner?.nodeId === 'hcm-1') {
      ownedByHot++;
      assert.equal(order.nodeId, next?.nodeId, `order ${order.orderId} spilled to the next node on the ring`);
    } else {
      assert.equal(order.nodeId, owner?.nodeId, `order ${order.orderId} stayed with its owner, which is not hot`);
    }
  }
  assert.ok(ownedByHot >= 4, 'enough orders were owned by the hot node to see them spill');

  // Cooled down: its orders come back to it.
  await c.client.put(loadKey(c.etcd.prefix, 'hcm-1')).value(report(0)).exec();
  await waitFor(() => c.gateway.gateway.source.loadOf('hcm-1') === 0, { message: 'the gateway to see hcm-1 cool' });
  let backHome = 0;
  for (let i = 0; i < 80 && backHome < 2; i++) {
    const order = await c.api.createOrder(newOrder());
    assert.equal(order.nodeId, router.owner(order.orderId)?.nodeId);
    if (order.nodeId === 'hcm-1') backHome++;
  }
  assert.equal(backHome, 2, 'hcm-1 takes its own orders again');
});

test('should split a ReportShipments batch by owner, answer each report on its own, and stay idempotent', { timeout: 90_000 }, async (t) => {
  const c = await cluster(t, [
    { nodeId: 'hcm-1', region: 'HCM' },
    { nodeId: 'hcm-2', region: 'HCM' },
    { nodeId: 'hn-1', region: 'HN' },
  ]);
  const router = new Router(await c.publish(c.specs(), 1));
  await c.api.setStock(STOCK);
  const paid = [];
  for (let i = 0; i < 9; i++) {
    const order = await c.api.createOrder(newOrder(i % 3 === 2 ? 'HN' : 'HCM'));
    paid.push(await c.api.confirmPayment({ orderId: order.orderId, paymentId: `pay-batch-${i}`, amountCents: order.totalCents, succeeded: true }));
  }
  assert.ok(new Set(paid.map((o) => router.owner(o.orderId)?.nodeId)).size >= 2, 'the batch spans several owners');
  const unpaid = await c.api.createOrder(newOrder('HCM'));
  const orders = c.gateway.clients.orders;
  const batch = [
    ...paid.map((o) => ({ orderId: o.orderId, shipmentId: `shp-${o.orderId}`, status: 'ORDER_STATUS_SHIPPED' as const })),
    { orderId: unpaid.orderId, shipmentId: 'shp-unpaid', status: 'ORDER_STATUS_SHIPPED' as const },
    { orderId: 'XX-not-an-order', shipmentId: 'shp-x', status: 'ORDER_STATUS_SHIPPED' as const },
    { orderId: paid[0]!.orderId, shipmentId: '', status: 'ORDER_STATUS_SHIPPED' as const },
  ];
  const report = async () => (await callUnary(orders, orders.ReportShipments, { reports: batch })).results;

  for (const round of [1, 2]) {
    const results = await report();
    assert.deepEqual(results.map((r) => r.orderId), batch.map((b) => b.orderId), `round ${round}: one result per report, in order`);
    results.slice(0, paid.length).forEach((r) => assert.equal(r.statusCode, grpc.status.OK, `round ${round}: ${r.orderId} ${r.statusMessage}`));
    const [unpaidResult, unroutable, blankShipment] = results.slice(paid.length);
    assert.equal(unpaidResult?.statusCode, grpc.status.FAILED_PRECONDITION);
    assert.match(unpaidResult?.statusMessage ?? '', /RESERVED/);
    assert.equal(unroutable?.statusCode, grpc.status.INVALID_ARGUMENT);
    assert.match(unroutable?.statusMessage ?? '', /^order_id: /);
    assert.equal(blankShipment?.statusCode, grpc.status.INVALID_ARGUMENT);
    assert.match(blankShipment?.statusMessage ?? '', /^shipment_id: /);
  }
  for (const o of paid) {
    const shipped = await c.api.getOrder(o.orderId);
    assert.equal(shipped.status, 'ORDER_STATUS_SHIPPED');
    assert.equal(shipped.shipmentId, `shp-${o.orderId}`);
    assert.equal(shipped.nodeId, router.owner(o.orderId)?.nodeId, `${o.orderId}'s report was recorded by its owner`);
  }
  assert.equal((await c.api.getOrder(unpaid.orderId)).status, 'ORDER_STATUS_RESERVED', 'a refused report changed nothing');
  await assert.rejects(callUnary(orders, orders.ReportShipments, { reports: [] }), (err: grpc.ServiceError) => {
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.match(err.details, /^reports: /);
    return true;
  });
});
