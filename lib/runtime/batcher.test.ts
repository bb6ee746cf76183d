import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from './batcher.js';

/** A run function whose batches finish only when the test says so. */
function gated() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((n) => (n < 0 ? new Error(`bad ${n}`) : n * 10));
  };
  return { batches, run, open: () => gates.shift()?.() };
}

describe('Batcher (group commit without a timer)', () => {
  it('should apply an item that arrives while idle at once, alone', async () => {
    const g = gated();
    const b = new Batcher({ run: g.run, maxBatch: 10 });
    const answer = b.submit(1);
    assert.deepEqual(g.batches, [[1]], 'sent before any wait');
    g.open();
    assert.equal(await answer, 10);
  });

  it('should gather what arrives during a batch into the next one, up to maxBatch', async () => {
    const g = gated();
    const b = new Batcher({ run: g.run, maxBatch: 3 });
    const answers = [1, 2, 3, 4, 5, 6].map((n) => b.submit(n));
    assert.deepEqual(g.batches, [[1]]);
    assert.equal(b.waiting, 5);
    g.open();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(g.batches, [[1], [2, 3, 4]]);
    g.open();
    await new Promise((r) => setImmediate(r));
    g.open();
    assert.deepEqual(await Promise.all(answers), [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(b.takeBatchSizes(), [1, 3, 2]);
  });

  it("should fail only the item whose answer is an error, not its neighbours", async () => {
    const g = gated();
    const b = new Batcher({ run: g.run, maxBatch: 10 });
    const first = b.submit(0);
    const answers = [b.submit(1), b.submit(-1), b.submit(2)];
    g.open();
    await first;
    await new Promise((r) => setImmediate(r));
    g.open();
    const settled = await Promise.allSettled(answers);
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /bad -1/);
  });

  it('should fail every item of a batch whose run throws, and go on with the next batch', async () => {
    let calls = 0;
    const b = new Batcher<number, number>({
      run: async (items) => {
        if (calls++ === 0) throw new Error('database gone');
        return items;
      },
      maxBatch: 10,
    });
    await assert.rejects(b.submit(1), /database gone/);
    assert.equal(await b.submit(2), 2);
  });

  it('should leave out of the next batch an item whose caller gave up while it waited, and reject it with the reason', async () => {
    const g = gated();
    const b = new Batcher({ run: g.run, maxBatch: 10 });
    const first = b.submit(1);
    let why: Error | undefined;
    const dropped = b.submit(2, () => why);
    const kept = b.submit(3, () => undefined);
    why = new Error('deadline passed');
    g.open();
    assert.equal(await first, 10);
    await assert.rejects(dropped, /deadline passed/);
    assert.deepEqual(g.batches, [[1], [3]], 'the abandoned item never reached a batch');
    g.open();
    assert.equal(await kept, 30);
  });

  it('should refuse at once an item whose caller is already gone', async () => {
    const g = gated();
    const b = new Batcher({ run: g.run, maxBatch: 10 });
    await assert.rejects(b.submit(1, () => new Error('cancelled')), /cancelled/);
    assert.deepEqual(g.batches, []);
  });
});
