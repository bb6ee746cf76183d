import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GrpcServer, unary } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { loadOrdermesh, reflectionDefinition } from '#lib/proto/index.js';
import type { ShipOrderRequest__Output } from '#lib/proto/index.js';
import { waitFor } from '#lib/testing/index.js';
import { calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';

/**
 * A FulfillmentService that records deliveries and refuses the first `failFirst` of each order,
 * and every delivery for which `isDown(request)` answers true, through ShipOrder and through ShipOrders
 * (what the outbox calls: one result per order).
 */
async function startRecordingBackend(failFirst: number, isDown: (req: ShipOrderRequest__Output) => boolean = () => false) {
  const seen: ShipOrderRequest__Output[] = [];
  const shipOne = (req: ShipOrderRequest__Output): { orderId: string; shipmentId: string; firstDelivery: boolean } | grpc.ServiceError => {
    seen.push(req);
    if (isDown(req)) return Object.assign(new Error('down'), { code: grpc.status.UNAVAILABLE, details: 'backend down', metadata: new grpc.Metadata() });
    if (seen.filter((s) => s.orderId === req.orderId).length <= failFirst) return Object.assign(new Error('down'), { code: grpc.status.UNAVAILABLE, details: 'simulated outage', metadata: new grpc.Metadata() });
    return { orderId: req.orderId, shipmentId: `shp-${req.orderId}`, firstDelivery: true };
  };
  const server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), maxMessageBytes: 1 << 20 });
  server.addService({
    name: 'ordermesh.v1.FulfillmentService',
    definition: loadOrdermesh().proto.ordermesh.v1.FulfillmentService.service,
    handlers: {
      ShipOrder: unary({ log: silentLogger(), stats: server.stats }, 'ShipOrder', async (req: ShipOrderRequest__Output) => {
        const answer = shipOne(req);
        if (answer instanceof Error) throw answer;
        return answer;
      }),
      ShipOrders: unary({ log: silentLogger(), stats: server.stats }, 'ShipOrders', async (req: { orders: ShipOrderRequest__Output[] }) => ({
        results: req.orders.map((order) => {
          const answer = shipOne(order);
          return answer instanceof Error
            ? { orderId: order.orderId, statusCode: answer.code, statusMessage: answer.details }
            : { orderId: order.orderId, statusCode: grpc.status.OK, statusMessage: '', shipment: answer };
        }),
      })),
    },
  });
  const port = await server.listen('127.0.0.1', 0);
  server.setServing(true);
  return { seen, address: `127.0.0.1:${port}`, stop: () => server.shutdown(100) };
}


/**
 * A node with background work delivering to `wmsAddress`, ten units of `sku` in stock, and
 * `pay(paymentId)`: one order of that sku placed and paid, its id returned.
 */
async function startPayingNode(wmsAddress: string, sku: string): Promise<{ node: TestWarehouse; pay: (paymentId: string) => Promise<string> }> {
  const node = await startTestWarehouse({ backgroundWork: true, wmsAddress, paymentTimeoutMs: 60_000 });
  const n = calls(node.clients);
  await n.setStock({ warehouseId: 'HCM-01', items: [{ sku, onHand: 10, unitPriceCents: 100 }] });
  const pay = async (paymentId: string): Promise<string> => {
    const order = await n.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku, quantity: 1 }] });
    await n.confirmPayment({ orderId: order.orderId, paymentId, amountCents: order.totalCents, succeeded: true });
    return order.orderId;
  };
  return { node, pay };
}
describe('order lifecycle work of a warehouse node', { timeout: 90_000 }, () => {
  let backend: Awaited<ReturnType<typeof startRecordingBackend>>;
  let wh: TestWarehouse;
  let api: ReturnType<typeof calls>;

  before(async () => {
    backend = await startRecordingBackend(2);
    wh = await startTestWarehouse({ backgroundWork: true, wmsAddress: backend.address, paymentTimeoutMs: 400 });
    api = calls(wh.clients);
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'L1', onHand: 100, unitPriceCents: 500 }] });
  });
  after(async () => {
    await wh.stop();
    await backend.stop();
  });

  it('should deliver a PAID order to the backend with retries and an idempotency key, then ship it on the report', async () => {
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'L1', quantity: 2 }] });
    await api.confirmPayment({ orderId: order.orderId, paymentId: 'pay-l1', amountCents: order.totalCents, succeeded: true });
    const fulfilling = await waitFor(async () => ((await api.getOrder(order.orderId)).status === 'ORDER_STATUS_FULFILLING' ? true : undefined), {
      timeoutMs: 20_000,
      message: 'the order to reach FULFILLING',
    });
    assert.ok(fulfilling);
    const deliveries = backend.seen.filter((s) => s.orderId === order.orderId);
    assert.equal(deliveries.length, 3, 'two refused attempts, then one accepted');
    assert.ok(deliveries.every((d) => d.idempotencyKey === `ship-${order.orderId}`));
    assert.equal(deliveries[0]?.warehouseId, 'HCM-01');
    assert.deepEqual(deliveries[0]?.items.map((i) => [i.sku, i.quantity]), [['L1', 2]]);
    const [row] = await wh.database.sql`SELECT attempts, delivered_at FROM outbox WHERE order_id = ${order.orderId}`;
    assert.equal(row?.attempts, 3);
    assert.ok(row?.delivered_at);
    assert.equal((await api.reportShipment(order.orderId, `shp-${order.orderId}`)).status, 'ORDER_STATUS_SHIPPED');
  });

  it('should cancel an unpaid order when its payment is overdue, releasing its stock', async () => {
    const before = (await api.getStock('HCM-01', ['L1'])).items[0]?.reserved ?? -1;
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'L1', quantity: 3 }] });
    assert.equal((await api.getStock('HCM-01', ['L1'])).items[0]?.reserved, before + 3);
    const cancelled = await waitFor(async () => {
      const o = await api.getOrder(order.orderId);
      return o.status === 'ORDER_STATUS_CANCELLED' ? o : undefined;
    }, { timeoutMs: 20_000, message: 'the unpaid order to be cancelled' });
    assert.match(cancelled.reason, /payment timeout/);
    assert.equal((await api.getStock('HCM-01', ['L1'])).items[0]?.reserved, before);
    // A payment arriving after the timeout is refused.
    await assert.rejects(api.confirmPayment({ orderId: order.orderId, paymentId: 'late', amountCents: order.totalCents, succeeded: true }), (e: grpc.ServiceError) => e.code === grpc.status.FAILED_PRECONDITION);
  });

  it('should resume the outbox of orders another node left behind', async () => {
    // A node takes a payment but never delivers it (as if it died right after answering): the
    // delivery stays pending in the outbox, due now.
    const down = await startTestWarehouse({ backgroundWork: false, paymentTimeoutMs: 60_000 });
    const a = calls(down.clients);
    await a.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'L2', onHand: 10, unitPriceCents: 100 }] });
    const order = await a.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'L2', quantity: 1 }] });
    await a.confirmPayment({ orderId: order.orderId, paymentId: 'pay-l2', amountCents: order.totalCents, succeeded: true });
    const [pending] = await down.database.sql`SELECT delivered_at FROM outbox WHERE order_id = ${order.orderId}`;
    assert.equal(pending?.delivered_at, null);
    // Another node on the same database, with the backend reachable, finds and delivers it.
    const survivor = await startTestWarehouse({ backgroundWork: true, wmsAddress: backend.address, databaseUrl: down.config.databaseUrl, nodeId: 'test-2' });
    try {
      const b = calls(survivor.clients);
      await waitFor(async () => ((await b.getOrder(order.orderId)).status === 'ORDER_STATUS_FULFILLING' ? true : undefined), { timeoutMs: 30_000, message: 'the survivor to deliver it' });
    } finally {
      await survivor.stop();
      await down.stop();
    }
  });

  it('should retry the deliveries that backed off during a backend outage as soon as the backend answers again', async () => {
    let down = true;
    const flaky = await startRecordingBackend(0, () => down);
    const { node, pay } = await startPayingNode(flaky.address, 'L3');
    try {
      const n = calls(node.clients);
      // Paid while the backend is down: refused three times, so it backs off. Its next attempt is
      // then put an hour away, as a long outage's backoff would.
      const stalled = await pay('pay-l3-a');
      await waitFor(async () => ((await node.database.sql`SELECT attempts FROM outbox WHERE order_id = ${stalled}`)[0]?.attempts ?? 0) >= 3, {
        timeoutMs: 20_000,
        message: 'three refused deliveries',
      });
      await node.database.sql`UPDATE outbox SET next_attempt_at = now() + interval '1 hour' WHERE order_id = ${stalled}`;
      // The backend is back; the next paid order is delivered at once, and that success brings the
      // stalled one forward: it ships within seconds, not in an hour.
      down = false;
      const fresh = await pay('pay-l3-b');
      for (const orderId of [fresh, stalled]) {
        await waitFor(async () => ((await n.getOrder(orderId)).status === 'ORDER_STATUS_FULFILLING' ? true : undefined), {
          timeoutMs: 20_000,
          message: `${orderId === fresh ? 'the fresh' : 'the backed-off'} order to be delivered`,
        });
      }
    } finally {
      await node.stop();
      await flaky.stop();
    }
  });

  it("should start a backed-off row's backoff over once the backend is back, so one more refusal costs 200 ms, not 30 s", async () => {
    let down = true;
    let stalled = '';
    let refusalsAfterRecovery = 1;
    // Down for everything; once back, it refuses the stalled order one more time (as wms-sim
    // refuses a share of orders on purpose).
    const flaky = await startRecordingBackend(0, (req) => {
      if (down) return true;
      if (req.orderId !== stalled || refusalsAfterRecovery === 0) return false;
      refusalsAfterRecovery -= 1;
      return true;
    });
    const { node, pay } = await startPayingNode(flaky.address, 'L4');
    try {
      const n = calls(node.clients);
      stalled = await pay('pay-l4-a');
      await waitFor(async () => ((await node.database.sql`SELECT attempts FROM outbox WHERE order_id = ${stalled}`)[0]?.attempts ?? 0) >= 3, {
        timeoutMs: 20_000,
        message: 'three refused deliveries',
      });
      // As after a long outage: nine attempts, the next an hour away. By its count its next
      // delay would be the 30 s cap, ±50 %: at least 15 s.
      await node.database.sql`UPDATE outbox SET attempts = 9, next_attempt_at = now() + interval '1 hour' WHERE order_id = ${stalled}`;
      down = false;
      await pay('pay-l4-b');
      // Brought forward, refused once more, then delivered on the next try: its backoff started
      // over at 200 ms (±50 %) instead of waiting the 15-45 s its count gives.
      await waitFor(async () => ((await n.getOrder(stalled)).status === 'ORDER_STATUS_FULFILLING' ? true : undefined), {
        timeoutMs: 10_000,
        message: 'the stalled order, refused once after the recovery, to be delivered on its next try',
      });
      assert.equal(refusalsAfterRecovery, 0, 'the backend refused it once after coming back');
      const [row] = await node.database.sql<Array<{ attempts: number }>>`SELECT attempts FROM outbox WHERE order_id = ${stalled}`;
      assert.ok((row?.attempts ?? 0) >= 10, `the row keeps counting every attempt (the order history shows them): ${row?.attempts}`);
    } finally {
      await node.stop();
      await flaky.stop();
    }
  });
});
