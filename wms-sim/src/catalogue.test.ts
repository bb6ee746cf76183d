import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePriceCents, buildCatalogue, skuName, unitPriceCents } from './catalogue.js';
import { missingEntries } from './catalogue-seeder.js';
import { resolveUnacknowledgedAdd, restockPlan } from './restocker.js';

describe('catalogue', () => {
  it('should name skus SKU-0001 onwards and give every warehouse every sku', () => {
    const c = buildCatalogue({ skuCount: 3, warehouses: ['HCM-01', 'DN-01'], initialStock: 500, seed: 1 });
    assert.deepEqual(c.skus, ['SKU-0001', 'SKU-0002', 'SKU-0003']);
    assert.equal(skuName(12), 'SKU-0012');
    assert.deepEqual(
      c.entries('DN-01').map((e) => [e.sku, e.initialStock]),
      [
        ['SKU-0001', 500],
        ['SKU-0002', 500],
        ['SKU-0003', 500],
      ],
    );
  });

  it('should price deterministically from the seed, within 5 % of the base price per warehouse', () => {
    const a = buildCatalogue({ skuCount: 20, warehouses: ['HCM-01', 'HN-01'], initialStock: 1, seed: 42 });
    const b = buildCatalogue({ skuCount: 30, warehouses: ['HN-01', 'HCM-01', 'DN-01'], initialStock: 1, seed: 42 });
    // More skus or warehouses change no existing price.
    assert.deepEqual(a.entries('HN-01'), b.entries('HN-01').slice(0, 20));
    const other = buildCatalogue({ skuCount: 20, warehouses: ['HN-01'], initialStock: 1, seed: 43 });
    assert.notDeepEqual(a.entries('HN-01'), other.entries('HN-01'));
    for (const sku of a.skus) {
      const base = basePriceCents(42, sku);
      assert.ok(base >= 500 && base <= 50_000 && base % 50 === 0, `${sku}: ${base}`);
      for (const w of ['HCM-01', 'HN-01']) {
        const price = unitPriceCents(42, w, sku);
        assert.ok(Number.isInteger(price) && Math.abs(price - base) <= base * 0.05 + 1, `${w}/${sku}: ${price} vs ${base}`);
      }
    }
    assert.ok(a.entries('HCM-01').some((e, i) => e.unitPriceCents !== a.entries('HN-01')[i]?.unitPriceCents), 'prices differ between warehouses');
  });

  it('should set only the skus a warehouse does not stock yet', () => {
    const c = buildCatalogue({ skuCount: 3, warehouses: ['HCM-01'], initialStock: 5, seed: 1 });
    assert.deepEqual(
      missingEntries(c.entries('HCM-01'), new Map([['SKU-0002', {}]])).map((e) => e.sku),
      ['SKU-0001', 'SKU-0003'],
    );
  });
});

describe('restock decisions', () => {
  it('should restock the catalogue skus a warehouse stocks with fewer than the threshold available', () => {
    const levels = new Map([
      ['SKU-0001', { available: 99 }],
      ['SKU-0002', { available: 100 }],
      ['OTHER', { available: 0 }],
    ]);
    assert.deepEqual(
      restockPlan(['SKU-0001', 'SKU-0002', 'SKU-0003'], levels, 100).map((p) => p.sku),
      ['SKU-0001'],
    );
  });

  it('should tell from units received whether an unacknowledged ADD landed', () => {
    const add = {
      warehouseId: 'HCM-01',
      items: [
        { sku: 'A', units: 300, receivedBefore: 500 },
        { sku: 'B', units: 300, receivedBefore: 200 },
      ],
    };
    // Shipping moves units from on_hand to shipped: it changes nothing received.
    assert.equal(resolveUnacknowledgedAdd(add, new Map([['A', { onHand: 790, shipped: 10 }], ['B', { onHand: 400, shipped: 100 }]])), 'landed');
    assert.equal(resolveUnacknowledgedAdd(add, new Map([['A', { onHand: 480, shipped: 20 }], ['B', { onHand: 200, shipped: 0 }]])), 'not-landed');
    assert.equal(resolveUnacknowledgedAdd(add, new Map([['A', { onHand: 800, shipped: 0 }], ['B', { onHand: 200, shipped: 0 }]])), 'unclear');
    assert.equal(resolveUnacknowledgedAdd(add, new Map([['A', { onHand: 800, shipped: 0 }]])), 'unclear');
  });
});
