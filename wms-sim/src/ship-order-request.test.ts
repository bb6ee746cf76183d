import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from '#lib/errors/index.js';
import { mintOrderId } from '#lib/orders/index.js';
import { validateShipOrder } from './ship-order-request.js';

const valid = () => ({
  orderId: mintOrderId('HN'),
  idempotencyKey: 'ship-1',
  warehouseId: 'HN-01',
  items: [{ sku: 'SKU-0001', quantity: 2, unitPriceCents: 150, lineTotalCents: 300 }],
});

function rejects(input: unknown, field: string): void {
  assert.throws(
    () => validateShipOrder(input),
    (err: unknown) => err instanceof InvalidArgumentError && err.field === field && err.message.startsWith(`${field}: `),
  );
}

describe('validateShipOrder', () => {
  it('should accept what ordermesh sends, and an order without warehouse', () => {
    const req = valid();
    assert.deepEqual(validateShipOrder(req), req);
    assert.equal(validateShipOrder({ ...req, warehouseId: '' }).warehouseId, '');
  });

  it('should refuse an order id whose ULID overflows 128 bits, naming order_id', () => {
    // The largest ULID starts with 7; one that starts with 8 or above is no ULID at all.
    assert.equal(validateShipOrder({ ...valid(), orderId: 'HN-7ZZZZZZZZZZZZZZZZZZZZZZZZZ' }).orderId, 'HN-7ZZZZZZZZZZZZZZZZZZZZZZZZZ');
    rejects({ ...valid(), orderId: 'HN-8ZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'order_id');
    rejects({ ...valid(), orderId: 'HN-ZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'order_id');
    assert.throws(() => validateShipOrder({ ...valid(), orderId: 'HN-ZZZZZZZZZZZZZZZZZZZZZZZZZZ' }), /overflows/);
  });

  it('should refuse an empty item list', () => {
    rejects({ ...valid(), items: [] }, 'items');
  });

  it('should refuse a line total that disagrees with quantity × unit price, naming the line', () => {
    rejects({ ...valid(), items: [{ sku: 'SKU-0001', quantity: 2, unitPriceCents: 150, lineTotalCents: 299 }] }, 'items[0].line_total_cents');
    rejects(
      { ...valid(), items: [valid().items[0], { sku: 'SKU-0002', quantity: 3, unitPriceCents: 10, lineTotalCents: 0 }] },
      'items[1].line_total_cents',
    );
  });

  it('should name the bad field in snake_case', () => {
    rejects({ ...valid(), orderId: 'HCM-1' }, 'order_id');
    rejects({ ...valid(), idempotencyKey: 'x'.repeat(129) }, 'idempotency_key');
    rejects({ ...valid(), warehouseId: 'hn01' }, 'warehouse_id');
    rejects({ ...valid(), items: [{ sku: 'SKU-0001', quantity: 0, unitPriceCents: 0, lineTotalCents: 0 }] }, 'items[0].quantity');
    rejects({ ...valid(), items: [{ sku: 'a b', quantity: 1, unitPriceCents: 0, lineTotalCents: 0 }] }, 'items[0].sku');
    rejects({ ...valid(), items: [{ sku: 'A', quantity: 1, unitPriceCents: -1, lineTotalCents: 0 }] }, 'items[0].unit_price_cents');
  });
});
