import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Limiter } from './limiter.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Limiter', () => {
  it('should never let more than its permits run at once', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running += 1;
          most = Math.max(most, running);
          for (let k = 0; k < (i % 4) + 1; k++) await tick();
          running -= 1;
        }),
      ),
    );
    assert.equal(most, 3);
    assert.equal(running, 0);
  });

  it('should serve waiters first come, first served', async () => {
    const limiter = new Limiter(1);
    const first = await limiter.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => limiter.acquire().then((release) => (order.push(n), release)));
    first?.();
    for (const w of waiters) (await w)?.();
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('should give up waiting when the signal aborts, holding no permit', async () => {
    const limiter = new Limiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    assert.equal(await waiting, undefined);
    held?.();
    held?.(); // a second release gives nothing back
    const again = await limiter.acquire();
    assert.ok(again);
    let third = false;
    void limiter.acquire().then(() => (third = true));
    await tick();
    assert.equal(third, false, 'only one permit exists');
    assert.equal(await limiter.acquire(AbortSignal.abort()), undefined);
  });
});
