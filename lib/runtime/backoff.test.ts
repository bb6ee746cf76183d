import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Backoff } from './backoff.js';

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
