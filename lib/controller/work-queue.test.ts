import assert from 'node:assert/strict';
import { test } from 'node:test';

import { withDeadline } from '../testing/index.js';
import { WorkQueue } from './index.js';

test('add should dedupe a key that is already waiting', async () => {
  const queue = new WorkQueue<string>();
  queue.add('a');
  queue.add('b');
  queue.add('a');
  assert.equal(queue.length, 2);
  assert.equal(await queue.get(), 'a');
  assert.equal(await queue.get(), 'b');
  assert.equal(queue.length, 0);
  queue.shutdown();
});

test('a key added while it is processed should be handed out again only after done()', async () => {
  await withDeadline(5_000, async () => {
    const queue = new WorkQueue<string>();
    queue.add('a');
    const first = await queue.get();
    assert.equal(first, 'a');

    // 'a' changes while a worker holds it: a second worker must not get it now.
    queue.add('a');
    queue.add('a');
    assert.equal(queue.length, 0, 'a key being processed is not waiting');
    const second = queue.get();
    queue.add('b');
    assert.equal(await second, 'b', 'the second worker gets the next key, not the one in flight');

    // Once the first worker is done, the change that arrived meanwhile is processed, once.
    queue.done('a');
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), 'a');
    queue.done('b');
    queue.done('a');
    assert.equal(queue.length, 0, 'done() without a new add does not requeue');
    queue.shutdown();
  });
});

test('a waiting get() should receive a key added later', async () => {
  await withDeadline(5_000, async () => {
    const queue = new WorkQueue<number>();
    const pending = queue.get();
    queue.add(7);
    assert.equal(await pending, 7);
    assert.equal(queue.processing, 1);
    queue.shutdown();
  });
});

test('addRateLimited should back off exponentially per key up to the cap, and forget() should reset it', async () => {
  await withDeadline(10_000, async () => {
    const queue = new WorkQueue<string>({ baseDelayMs: 5, maxDelayMs: 40 });
    const delays = [1, 2, 3, 4, 5, 6].map(() => queue.addRateLimited('a'));
    assert.deepEqual(delays, [5, 10, 20, 40, 40, 40]);
    assert.equal(queue.requeues('a'), 6);
    assert.equal(queue.addRateLimited('b'), 5, 'backoff is per key');

    // The key arrives once, after its (earliest) delay.
    const got = [await queue.get(), await queue.get()].sort();
    assert.deepEqual(got, ['a', 'b']);
    queue.done('a');
    queue.done('b');

    queue.forget('a');
    assert.equal(queue.requeues('a'), 0);
    assert.equal(queue.addRateLimited('a'), 5, 'after forget() the backoff starts over');
    queue.shutdown();
  });
});

test('the default backoff should start at 50 ms and stop growing at 5 s', () => {
  const queue = new WorkQueue<string>();
  const delays = Array.from({ length: 12 }, () => queue.addRateLimited('k'));
  assert.equal(delays[0], 50);
  assert.equal(delays[1], 100);
  assert.equal(delays.at(-1), 5_000);
  assert.ok(delays.every((d) => d <= 5_000));
  queue.shutdown();
});

test('of two delayed adds of one key the earlier one should win', async () => {
  await withDeadline(5_000, async () => {
    const queue = new WorkQueue<string>();
    queue.addAfter('a', 60_000);
    queue.addAfter('a', 1);
    assert.equal(await queue.get(), 'a');
    queue.shutdown();
  });
});

test('shutdown should release waiting getters, drop waiting keys and refuse new ones', async () => {
  await withDeadline(5_000, async () => {
    const queue = new WorkQueue<string>();
    queue.add('a');
    assert.equal(await queue.get(), 'a');
    queue.add('b');
    queue.addAfter('c', 60_000);
    const waiting = queue.get();
    // 'b' was handed to the waiting getter at once; wait for the next one instead.
    assert.equal(await waiting, 'b');
    const idle = queue.get();
    queue.shutdown();
    assert.equal(await idle, undefined);
    queue.add('d');
    assert.equal(queue.length, 0);
    assert.equal(await queue.get(), undefined);
    assert.equal(queue.shuttingDown, true);
    queue.done('a');
    queue.done('b');
  });
});

test('get() should resolve undefined when its signal aborts', async () => {
  await withDeadline(5_000, async () => {
    const queue = new WorkQueue<string>();
    const controller = new AbortController();
    const pending = queue.get(controller.signal);
    controller.abort();
    assert.equal(await pending, undefined);
    // The aborted getter must not swallow a later key.
    queue.add('a');
    assert.equal(await queue.get(), 'a');
    queue.shutdown();
  });
});
