import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogueFrom } from './catalogue.js';
import { BASKET, planOrder, type Catalogue } from './plan.js';
import { pickDistinct, seededRandom } from './random.js';

const catalogue: Catalogue = { skus: ['A', 'B', 'C', 'D', 'E', 'F', 'G'], regions: ['DN', 'HCM', 'HN'], warehouses: ['DN-01', 'HCM-01', 'HN-01'] };
const settings = { runId: 'abcd', paymentDelayMs: [50, 500] as const, paymentFailureRate: 0.2 };

describe('planOrder', () => {
  it('should plan the same orders from the same seed', () => {
    const plans = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, (_, i) => planOrder(random, i, catalogue, settings));
    };
    assert.deepEqual(plans(42), plans(42));
    assert.notDeepEqual(plans(42), plans(43));
  });

  it('should draw 1-5 distinct skus of the catalogue, 1-3 units each, a known region and a delay in range', () => {
    const random = seededRandom(7);
    const sizes = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const p = planOrder(random, i, catalogue, settings);
      const skus = p.items.map((it) => it.sku);
      assert.equal(new Set(skus).size, skus.length, 'skus are distinct');
      assert.ok(p.items.length >= BASKET.minItems && p.items.length <= BASKET.maxItems);
      sizes.add(p.items.length);
      for (const it of p.items) {
        assert.ok(catalogue.skus.includes(it.sku));
        assert.ok(it.quantity >= 1 && it.quantity <= 3);
      }
      assert.ok(catalogue.regions.includes(p.region));
      assert.ok(p.paymentDelayMs >= 50 && p.paymentDelayMs <= 500);
      assert.equal(p.requestId, `ecom-abcd-${i}`);
      assert.equal(p.paymentId, `pay-abcd-${i}`);
      assert.equal(p.failureReason === '', p.paymentSucceeds);
    }
    assert.deepEqual([...sizes].sort(), [1, 2, 3, 4, 5]);
  });

  it('should fail no payment at rate 0 and every payment at rate 1', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i++) {
      assert.equal(planOrder(random, i, catalogue, { ...settings, paymentFailureRate: 0 }).paymentSucceeds, true);
      assert.equal(planOrder(random, i, catalogue, { ...settings, paymentFailureRate: 1 }).paymentSucceeds, false);
    }
  });

  it('should pick distinct items even when asked for more than exist', () => {
    const random = seededRandom(3);
    assert.deepEqual(pickDistinct(random, ['x', 'y'], 5).sort(), ['x', 'y']);
  });
});

describe('catalogueFrom', () => {
  const level = (warehouseId: string, sku: string, available: number) => ({ warehouseId, sku, onHand: available, reserved: 0, available, unitPriceCents: 100, shipped: 0 });

  it('should take the skus in stock and the regions of the warehouses', () => {
    const c = catalogueFrom([level('HN-01', 'B', 5), level('HCM-02', 'A', 1), level('HCM-01', 'C', 0), level('HCM-01', 'A', 3)]);
    assert.deepEqual(c, { skus: ['A', 'B'], regions: ['HCM', 'HN'], warehouses: ['HCM-01', 'HCM-02', 'HN-01'] });
  });

  it('should fall back to every sku when none is in stock, and to the default regions', () => {
    const c = catalogueFrom([level('x', 'B', 0)]);
    assert.deepEqual(c.skus, ['B']);
    assert.deepEqual(c.regions, ['HCM', 'HN', 'DN']);
    assert.deepEqual(catalogueFrom([]).skus, []);
  });
});
