import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StockSnapshot, type StockRow } from './allocation.js';

const row = (warehouseId: string, sku: string, available: number, unitPriceCents = 100): StockRow => ({ warehouseId, region: warehouseId.split('-')[0]!, sku, available, unitPriceCents });
const HCM = ['HCM', 'DN', 'HN'];

describe('allocation over a locked stock snapshot', () => {
  it('should reserve every item at the first warehouse of the preference list that has them all, priced there', () => {
    const s = new StockSnapshot([row('HCM-01', 'A', 1), row('DN-01', 'A', 5, 200), row('DN-01', 'B', 5, 300), row('HN-01', 'A', 9)]);
    assert.deepEqual(s.allocate([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], HCM), {
      kind: 'reserved',
      warehouseId: 'DN-01',
      lines: [
        { sku: 'A', quantity: 2, unitPriceCents: 200 },
        { sku: 'B', quantity: 1, unitPriceCents: 300 },
      ],
    });
  });

  it('should take what it reserved off the snapshot, so a batch allocates as its orders would one after another', () => {
    const s = new StockSnapshot([row('HCM-01', 'LAST', 50)]);
    const kinds = Array.from({ length: 200 }, () => s.allocate([{ sku: 'LAST', quantity: 1 }], HCM).kind);
    assert.equal(kinds.filter((k) => k === 'reserved').length, 50);
    assert.equal(kinds.filter((k) => k === 'rejected').length, 150);
    assert.deepEqual(kinds.slice(0, 50), Array(50).fill('reserved'), 'first come, first served');
  });

  it('should prefer the lower warehouse id within a region', () => {
    const s = new StockSnapshot([row('HCM-02', 'A', 5), row('HCM-01', 'A', 5)]);
    assert.equal((s.allocate([{ sku: 'A', quantity: 1 }], HCM) as { warehouseId: string }).warehouseId, 'HCM-01');
  });

  it('should reject with the reason when no single warehouse has every item, reserving nothing', () => {
    const s = new StockSnapshot([row('HCM-01', 'A', 5), row('DN-01', 'B', 5)]);
    const a = s.allocate([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }], HCM);
    assert.equal(a.kind, 'rejected');
    assert.match((a as { reason: string }).reason, /^out of stock: no warehouse in HCM, DN, HN has every item; the items are in stock only at different warehouses$/);
    const short = s.allocate([{ sku: 'A', quantity: 9 }], HCM);
    assert.match((short as { reason: string }).reason, /short of A \(wanted 9, at most 5 available at one warehouse\)/);
    assert.equal(s.allocate([{ sku: 'A', quantity: 5 }], HCM).kind, 'reserved', 'the rejections took nothing');
  });

  it('should ignore warehouses of regions outside the preference list', () => {
    const s = new StockSnapshot([row('SG-01', 'A', 5)]);
    assert.equal(s.allocate([{ sku: 'A', quantity: 1 }], HCM).kind, 'rejected');
  });

  it('should name the first sku that no warehouse stocks at all', () => {
    const s = new StockSnapshot([row('HCM-01', 'A', 5)]);
    assert.deepEqual(s.allocate([{ sku: 'A', quantity: 1 }, { sku: 'NOPE', quantity: 1 }], HCM), { kind: 'unknown-sku', index: 1, sku: 'NOPE' });
  });
});
