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

// The test's own timeout only turns a broken bound (a wait that hangs) into a failure.
test('waitFor should bound a predicate that never settles: one attempt, cut off at the timeout', { timeout: 10_000 }, async () => {
  let calls = 0;
  await assert.rejects(
    waitFor(
      () => {
        calls++;
        return new Promise<boolean>(() => undefined);
      },
      { timeoutMs: 100, message: 'a hanging check' },
    ),
    (error: unknown) =>
      error instanceof WaitForTimeoutError &&
      error.attempts === 1 &&
      error.message.includes('a hanging check') &&
      error.cause instanceof Error &&
      /did not settle/.test(error.cause.message),
  );
  assert.equal(calls, 1);
});

test('waitFor should resolve once its condition becomes true, and stop asking then', async () => {
  let ready = false;
  const seen: boolean[] = [];
  const waiting = waitFor(
    () => {
      seen.push(ready);
      return ready;
    },
    { intervalMs: 1, timeoutMs: 5_000 },
  );
  // The condition turns true only after the wait has seen it false.
  await waitFor(() => seen.length >= 2, { intervalMs: 1 });
  ready = true;
  assert.equal(await waiting, true);
  const asked = seen.length;
  assert.deepEqual([seen[0], seen.at(-1)], [false, true]);
  assert.ok(seen.slice(0, -1).every((v) => v === false), 'true only on the last check');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, asked, 'no checks after it resolved');
});

test("waitFor should reject with the signal's reason when it aborts, and stop asking", async () => {
  const controller = new AbortController();
  const reason = new Error('shutting down');
  let calls = 0;
  const waiting = waitFor(
    () => {
      calls++;
      if (calls === 2) controller.abort(reason);
      return false;
    },
    { intervalMs: 1, timeoutMs: 5_000, signal: controller.signal },
  );
  await assert.rejects(waiting, (error: unknown) => error === reason);
  assert.equal(calls, 2);
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
