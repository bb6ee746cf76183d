import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallStats } from './call-stats.js';

describe('CallStats', () => {
  it('should count calls begun with a method both in total and per method', () => {
    const stats = new CallStats();
    const a1 = stats.begin('/s/A');
    const a2 = stats.begin('/s/A');
    const b = stats.begin('/s/B');
    const anonymous = stats.begin();
    assert.equal(stats.inFlight, 4);
    assert.equal(stats.methods().get('/s/A')?.inFlight, 2);
    a1(true);
    a2(false);
    b(true);
    anonymous(true);
    const total = stats.snapshot();
    assert.deepEqual([total.inFlight, total.served, total.failed], [0, 4, 1]);
    const methods = stats.methods();
    assert.deepEqual([...methods.keys()].sort(), ['/s/A', '/s/B'], 'a call without a method is counted in the total only');
    assert.deepEqual([methods.get('/s/A')?.served, methods.get('/s/A')?.failed, methods.get('/s/A')?.inFlight], [2, 1, 0]);
    assert.deepEqual([methods.get('/s/B')?.served, methods.get('/s/B')?.failed], [1, 0]);
    assert.ok((methods.get('/s/A')?.ratePerS ?? 0) > 0, 'recent calls make a rate');
  });

  it('should count a server stream in its method only, not in the total that admission and load reports read', () => {
    const stats = new CallStats();
    const watch = stats.beginStream('/s/Watch');
    assert.equal(stats.methods().get('/s/Watch')?.inFlight, 1);
    assert.equal(stats.inFlight, 0);
    watch(true);
    assert.deepEqual([stats.methods().get('/s/Watch')?.inFlight, stats.methods().get('/s/Watch')?.served], [0, 1]);
    assert.equal(stats.snapshot().served, 0);
  });
});
