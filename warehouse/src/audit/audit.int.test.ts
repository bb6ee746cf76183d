import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';
import { auditBooks, BOOK_CHECKS } from './index.js';

describe('ordermesh check: the audit of the books', { timeout: 120_000 }, () => {
  let wh: TestWarehouse;

  before(async () => {
    wh = await startTestWarehouse();
    const api = calls(wh.clients);
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 100, unitPriceCents: 250 }, { sku: 'B', onHand: 5, unitPriceCents: 1000 }] });
    // Orders in every status: RESERVED, REJECTED, PAID (→ FULFILLING when delivered), SHIPPED, CANCELLED.
    await api.createOrder({ customerName: 'reserved', region: 'HCM', items: [{ sku: 'A', quantity: 2 }] });
    await api.createOrder({ customerName: 'rejected', region: 'HCM', items: [{ sku: 'B', quantity: 50 }] });
    const pay = async (items: Array<{ sku: string; quantity: number }>, id: string, succeeded = true) => {
      const o = await api.createOrder({ customerName: id, region: 'HCM', items });
      return api.confirmPayment({ orderId: o.orderId, paymentId: id, amountCents: o.totalCents, succeeded, failureReason: succeeded ? '' : 'declined' });
    };
    await pay([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }], 'p-paid');
    const shipped = await pay([{ sku: 'A', quantity: 3 }], 'p-shipped');
    await api.reportShipment(shipped.orderId, 'shp-1');
    await pay([{ sku: 'B', quantity: 2 }], 'p-declined', false);
  });
  after(() => wh?.stop());

  it('should find the books of real orders in every status balanced', async () => {
    const report = await auditBooks(wh.database.sql);
    assert.deepEqual(report.checks.filter((c) => c.violations > 0), [], 'no violation');
    assert.equal(report.ok, true);
    assert.deepEqual(report.checks.map((c) => c.name), BOOK_CHECKS.map((c) => c.name));
    assert.equal(Object.values(report.orders).reduce((a, b) => a + b, 0), 5);
  });

  it('should name each kind of broken book, and only that one', async () => {
    const { sql } = wh.database;
    const failing = async (): Promise<Record<string, string[]>> => {
      const report = await auditBooks(sql);
      assert.equal(report.ok, false);
      return Object.fromEntries(report.checks.filter((c) => c.violations > 0).map((c) => [c.name, c.examples]));
    };
    // auditBooks opens its own transaction, so the corruptions are committed and then undone.
    const cases: Array<{ name: string; doIt: string; undo: string; example: RegExp }> = [
      { name: 'stock-reserved', doIt: `UPDATE inventory SET reserved = reserved + 1 WHERE sku = 'A'`, undo: `UPDATE inventory SET reserved = reserved - 1 WHERE sku = 'A'`, example: /^HCM-01\/A: reserved \d+, open orders hold \d+$/ },
      { name: 'stock-shipped', doIt: `UPDATE inventory SET shipped = shipped + 2 WHERE sku = 'B'`, undo: `UPDATE inventory SET shipped = shipped - 2 WHERE sku = 'B'`, example: /^HCM-01\/B: shipped 2, SHIPPED orders hold 0$/ },
      { name: 'order-total', doIt: `UPDATE orders SET total_cents = total_cents + 1 WHERE customer_name = 'reserved'`, undo: `UPDATE orders SET total_cents = total_cents - 1 WHERE customer_name = 'reserved'`, example: /^HCM-\w+: total 501, lines sum to 500$/ },
      { name: 'payment-once', doIt: `INSERT INTO payments (payment_id, order_id, amount_cents, succeeded) SELECT 'p-twice', order_id, total_cents, true FROM orders WHERE payment_id = 'p-paid'`, undo: `DELETE FROM payments WHERE payment_id = 'p-twice'`, example: /2 succeeded payments/ },
      { name: 'shipment', doIt: `UPDATE orders SET shipment_id = 'shp-x' WHERE payment_id = 'p-paid'`, undo: `UPDATE orders SET shipment_id = '' WHERE payment_id = 'p-paid'`, example: /shipment 'shp-x'/ },
      { name: 'outbox-closed-when-final', doIt: `UPDATE outbox SET delivered_at = NULL WHERE order_id = (SELECT order_id FROM orders WHERE payment_id = 'p-shipped')`, undo: `UPDATE outbox SET delivered_at = now() WHERE order_id = (SELECT order_id FROM orders WHERE payment_id = 'p-shipped')`, example: /SHIPPED, outbox row ship-HCM-\w+ still undelivered/ },
    ];
    for (const c of cases) {
      await sql.unsafe(c.doIt);
      try {
        const found = await failing();
        const extra = c.name === 'payment-once' ? ['money'] : [];
        assert.deepEqual(Object.keys(found).sort(), [c.name, ...extra].sort(), `${c.doIt} → ${JSON.stringify(found)}`);
        assert.ok(found[c.name]!.some((e) => c.example.test(e)), `${c.name}: ${JSON.stringify(found[c.name])}`);
      } finally {
        await sql.unsafe(c.undo);
      }
    }
    assert.equal((await auditBooks(sql)).ok, true, 'balanced again once every change was undone');
  });
});
