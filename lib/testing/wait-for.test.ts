import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DeadlineExceededError, WaitForTimeoutError, waitFor, withDeadline } from './index.js';

test('waitFor should resolve with the first truthy value', async () => {
  let calls = 0;
  const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1, timeoutMs: 5_000 });
  assert.deepEqual(value, { calls: 3 });
});

test('waitFor should time out naming what it waited for and the last error', async () => {
  await assert.rejects(
    waitFor(
      () => {
        throw new Error('not yet: 41 != 42');
      },
      { timeoutMs: 100, intervalMs: 10, message: 'the answer' },
    ),
    (error: unknown) =>
      error instanceof WaitForTimeoutError &&
      error.message.includes('the answer') &&
      error.message.includes('41 != 42') &&
      error.attempts > 1,
  );
});

test('waitFor should bound a predicate that never settles', async () => {
  const started = Date.now();
  await assert.rejects(waitFor(() => new Promise<boolean>(() => undefined), { timeoutMs: 100 }), WaitForTimeoutError);
  assert.ok(Date.now() - started < 5_000);
});

test('withDeadline should reject with DeadlineExceededError and abort the signal when time runs out', async () => {
  let seen: AbortSignal | undefined;
  await assert.rejects(
    withDeadline(50, (signal) => {
      seen = signal;
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => setTimeout(resolve, 10)));
    }),
    DeadlineExceededError,
  );
  assert.equal(seen?.aborted, true);
  assert.ok(seen?.reason instanceof DeadlineExceededError);
});

test('withDeadline should pass results through and abort the scope signal afterwards', async () => {
  let seen: AbortSignal | undefined;
  const result = await withDeadline(1_000, async (signal) => {
    seen = signal;
    assert.equal(signal.aborted, false);
    return 42;
  });
  assert.equal(result, 42);
  assert.equal(seen?.aborted, true, 'work started under the signal is told to stop');
});
