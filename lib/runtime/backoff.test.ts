import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Backoff, backoffDelayMs } from './backoff.js';

test('Backoff should grow to its cap, never exceed it, and start over after reset', () => {
  const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 });
  const delays = Array.from({ length: 8 }, () => backoff.next());
  assert.ok(delays.every((d) => d > 0 && d <= 1_000), String(delays));
  assert.ok((delays[0] ?? Infinity) <= 100);
  assert.ok((delays[7] ?? 0) >= 500, 'late delays sit near the cap');
  assert.equal(backoff.attempts, 8);
  backoff.reset();
  assert.ok(backoff.next() <= 100);
});

test('backoffDelayMs should double from the initial delay and stop at the cap', () => {
  const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0 }));
  assert.deepEqual(delays, [100, 200, 400, 800, 1_000, 1_000]);
  assert.equal(backoffDelayMs(0, { initialDelayMs: 100, jitter: 0 }), 100, 'attempt 0 counts as the first');
  assert.equal(backoffDelayMs(10_000, { initialDelayMs: 50, maxDelayMs: 5_000, jitter: 0 }), 5_000, 'a huge attempt count stays at the cap');
});

test("backoffDelayMs should only shorten a delay with 'down' jitter and spread it both ways with 'both'", () => {
  const options = { initialDelayMs: 200, maxDelayMs: 30_000, jitter: 0.5 } as const;
  assert.equal(backoffDelayMs(1, options, () => 0), 200);
  assert.equal(backoffDelayMs(1, options, () => 0.999), 100);
  assert.equal(backoffDelayMs(1, { ...options, jitterDirection: 'both' }, () => 0), 100);
  assert.equal(backoffDelayMs(1, { ...options, jitterDirection: 'both' }, () => 0.5), 200);
  assert.equal(backoffDelayMs(20, { ...options, jitterDirection: 'both' }, () => 0.999), 44_970, 'the cap, half as much again at most');
});
