import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';

describe('concurrent requests against one warehouse node', { timeout: 120_000 }, () => {
  let wh: TestWarehouse;
  let api: ReturnType<typeof calls>;

  before(async () => {
    wh = await startTestWarehouse({ poolSize: 20 });
    api = calls(wh.clients);
  });
  after(() => wh.stop());

  it('should reserve exactly the last 50 units when 200 orders race for them', async () => {
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'LAST', onHand: 50, unitPriceCents: 100 }] });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => api.createOrder({ customerName: `c${i}`, region: 'HCM', items: [{ sku: 'LAST', quantity: 1 }] })),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 0, `every call is answered: ${failed.map((f) => String(f.reason)).slice(0, 3).join('; ')}`);
    const orders = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof api.createOrder>>>).value);
    assert.equal(orders.filter((o) => o.status === 'ORDER_STATUS_RESERVED').length, 50);
    assert.equal(orders.filter((o) => o.status === 'ORDER_STATUS_REJECTED').length, 150);
    const [level] = (await api.getStock('HCM-01', ['LAST'])).items;
    assert.equal(level?.reserved, 50);
    assert.equal(level?.available, 0);
    const [row] = await wh.database.sql`SELECT coalesce(sum(i.quantity), 0)::int AS n FROM order_items i JOIN orders o USING (order_id) WHERE i.sku = 'LAST' AND o.status = 'RESERVED'`;
    assert.equal(row?.n, 50);
  });

  it('should make one order when one request_id is sent 20 times at once', async () => {
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'IDEM', onHand: 1000, unitPriceCents: 100 }] });
    const req = { requestId: 'same-request', customerName: 'Lan', region: 'HCM', items: [{ sku: 'IDEM', quantity: 3 }] };
    const orders = await Promise.all(Array.from({ length: 20 }, () => api.createOrder(req)));
    assert.equal(new Set(orders.map((o) => o.orderId)).size, 1);
    const [count] = await wh.database.sql`SELECT count(*)::int AS n FROM orders WHERE request_id = 'same-request'`;
    assert.equal(count?.n, 1);
    assert.equal((await api.getStock('HCM-01', ['IDEM'])).items[0]?.reserved, 3);
  });

  it('should pay once when one payment_id is confirmed twice at once', async () => {
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'PAY', onHand: 10, unitPriceCents: 700 }] });
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'PAY', quantity: 2 }] });
    const payment = { orderId: order.orderId, paymentId: 'pay-twice', amountCents: order.totalCents, succeeded: true };
    const [a, b] = await Promise.all([api.confirmPayment(payment), api.confirmPayment(payment)]);
    assert.equal(a.status, 'ORDER_STATUS_PAID');
    assert.equal(b.status, 'ORDER_STATUS_PAID');
    const [payments] = await wh.database.sql`SELECT count(*)::int AS n FROM payments WHERE order_id = ${order.orderId}`;
    const [outbox] = await wh.database.sql`SELECT count(*)::int AS n FROM outbox WHERE order_id = ${order.orderId}`;
    assert.equal(payments?.n, 1);
    assert.equal(outbox?.n, 1);
  });

  it('should pay once when two different payment_ids race for one order', async () => {
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'PAY2', onHand: 10, unitPriceCents: 700 }] });
    const order = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'PAY2', quantity: 1 }] });
    const results = await Promise.allSettled(
      ['p-a', 'p-b'].map((paymentId) => api.confirmPayment({ orderId: order.orderId, paymentId, amountCents: order.totalCents, succeeded: true })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const [payments] = await wh.database.sql`SELECT count(*)::int AS n FROM payments WHERE order_id = ${order.orderId}`;
    assert.equal(payments?.n, 1);
  });
});
