import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';

import { createRootLogger } from '../logging/index.js';
import { waitFor, withDeadline } from '../testing/index.js';
import { Controller, TerminalError, type Reconciler } from './index.js';

/** A logger whose JSON lines are kept for assertions. */
function capturingLogger(): { log: ReturnType<typeof createRootLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { log: createRootLogger({ service: 'test', level: 'debug', destination }), lines };
}

/** A promise with its resolve function. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('a controller should never reconcile one key twice at once, and should not lose a change that arrives mid-reconcile', async () => {
  await withDeadline(10_000, async (signal) => {
    const active = new Set<string>();
    const calls: string[] = [];
    let overlaps = 0;
    const release = deferred();
    const reconciler: Reconciler<string> = {
      async reconcile(key) {
        if (active.has(key)) overlaps++;
        active.add(key);
        calls.push(key);
        // The first reconcile of 'a' blocks until the test has enqueued 'a' again several times.
        if (calls.length === 1) await release.promise;
        active.delete(key);
      },
    };
    const controller = new Controller<string>({ name: 'test', reconciler, workers: 4 });
    const running = controller.start(signal);
    controller.enqueue('a');
    await waitFor(() => calls.length === 1, { signal, message: 'the first reconcile' });
    for (let i = 0; i < 5; i++) controller.enqueue('a');
    controller.enqueue('b');
    await waitFor(() => calls.includes('b'), { signal, message: "'b' on another worker while 'a' runs" });
    assert.deepEqual(calls, ['a', 'b'], "'a' is not started again while it runs, even with idle workers");
    release.resolve();
    await waitFor(() => calls.length === 3, { signal, message: "'a' reconciled again after the first one finished" });
    assert.deepEqual(calls, ['a', 'b', 'a'], 'the five adds during the reconcile collapse into one');
    assert.equal(overlaps, 0);
    controller.queue.shutdown();
    await running;
  });
});

test('a failing reconcile should be retried with backoff, logged, and its backoff reset by a success', async () => {
  await withDeadline(10_000, async (signal) => {
    const { log, lines } = capturingLogger();
    let calls = 0;
    const reconciler: Reconciler<string> = {
      async reconcile() {
        calls++;
        if (calls <= 2) throw new Error(`transient failure ${calls}`);
      },
    };
    const controller = new Controller<string>({ name: 'test', reconciler, queue: { baseDelayMs: 1, maxDelayMs: 10 }, log });
    const stop = new AbortController();
    const running = controller.start(AbortSignal.any([signal, stop.signal]));
    controller.enqueue('k');
    await waitFor(() => calls === 3 && controller.queue.processing === 0, { signal, message: 'two retries then a success' });
    assert.equal(controller.queue.requeues('k'), 0, 'a success forgets the backoff');
    const warnings = lines.filter((l) => l['msg'] === 'reconcile failed; requeued');
    assert.equal(warnings.length, 2);
    assert.equal(warnings[0]?.['key'], 'k');
    stop.abort();
    await running;
    assert.equal(controller.state, 'STOPPED');
  });
});

test('a TerminalError should be logged and not retried', async () => {
  await withDeadline(10_000, async (signal) => {
    const { log, lines } = capturingLogger();
    const calls = new Map<string, number>();
    const reconciler: Reconciler<string> = {
      async reconcile(key) {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        if (key === 'bad') throw new TerminalError('spec can never be valid');
        if (key === 'wrapped') throw new Error('while reconciling', { cause: new TerminalError('never valid') });
      },
    };
    // A 1 ms base delay: a retried key would come back at once.
    const controller = new Controller<string>({ name: 'test', reconciler, queue: { baseDelayMs: 1 }, log });
    const stop = new AbortController();
    const running = controller.start(AbortSignal.any([signal, stop.signal]));
    controller.enqueue('bad');
    controller.enqueue('wrapped');
    await waitFor(() => calls.get('bad') === 1 && calls.get('wrapped') === 1 && controller.queue.processing === 0, { signal, message: 'both reconciled once' });
    // A retryable failure would have been counted (synchronously, in the same catch).
    assert.equal(controller.queue.requeues('bad'), 0);
    assert.equal(controller.queue.requeues('wrapped'), 0);
    assert.equal(lines.filter((l) => l['msg'] === 'reconcile failed terminally; not retrying').length, 2);
    // A later event still reconciles the key (an operator may have fixed the input).
    controller.enqueue('bad');
    await waitFor(() => calls.get('bad') === 2, { signal, message: 'the key reconciled again on a new event' });
    stop.abort();
    await running;
  });
});

test('start() should resolve once stopped, after the reconcile in flight saw the aborted signal', async () => {
  await withDeadline(10_000, async (signal) => {
    let sawAbort = false;
    let started = false;
    const reconciler: Reconciler<string> = {
      async reconcile(_key, reconcileSignal) {
        started = true;
        await new Promise<void>((resolve) => reconcileSignal.addEventListener('abort', () => resolve(), { once: true }));
        sawAbort = reconcileSignal.aborted;
        throw reconcileSignal.reason;
      },
    };
    const controller = new Controller<string>({ name: 'test', reconciler, workers: 2 });
    const stop = new AbortController();
    const running = controller.start(AbortSignal.any([signal, stop.signal]));
    controller.enqueue('x');
    await waitFor(() => started, { signal, message: 'the reconcile to start' });
    stop.abort(new Error('stop'));
    await running;
    assert.equal(sawAbort, true);
    assert.equal(controller.state, 'STOPPED');
    assert.equal(controller.queue.requeues('x'), 0, 'a reconcile ended by shutdown is not requeued');
  });
});
