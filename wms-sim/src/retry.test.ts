import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RetryBudgetExhaustedError, RetryStoppedError } from './errors.js';
import { statusOf } from '#lib/grpc/index.js';
import { TRANSIENT_CODES, withRetries } from './retry.js';

const status = (code: grpc.status) => Object.assign(new Error(grpc.status[code]), { code, details: grpc.status[code] });
const retryable = (err: unknown) => TRANSIENT_CODES.has(statusOf(err)?.code ?? grpc.status.OK);
const fast = { initialDelayMs: 1, maxDelayMs: 5 };

describe('withRetries', () => {
  // sleep() unrefs its timer (a server keeps a real process alive); hold the loop open here.
  let keepAlive: NodeJS.Timeout;
  before(() => {
    keepAlive = setInterval(() => undefined, 1_000);
  });
  after(() => clearInterval(keepAlive));

  it('should retry transient failures until the call succeeds', async () => {
    const codes = [grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED];
    const seen: number[] = [];
    const value = await withRetries(
      async (attempt) => {
        seen.push(attempt);
        const code = codes.shift();
        if (code !== undefined) throw status(code);
        return 'ok';
      },
      { what: 'call', retryable, budgetMs: 5_000, signal: new AbortController().signal, backoff: fast },
    );
    assert.equal(value, 'ok');
    assert.deepEqual(seen, [1, 2, 3, 4]);
  });

  it('should throw a final failure at once', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw status(grpc.status.FAILED_PRECONDITION);
        },
        { what: 'call', retryable, budgetMs: 5_000, signal: new AbortController().signal, backoff: fast },
      ),
      (err: unknown) => statusOf(err)?.code === grpc.status.FAILED_PRECONDITION,
    );
    assert.equal(calls, 1);
  });

  it('should give up when the budget runs out, with the last failure as the cause', async () => {
    await assert.rejects(
      withRetries(
        async () => {
          throw status(grpc.status.UNAVAILABLE);
        },
        { what: 'call', retryable, budgetMs: 50, signal: new AbortController().signal, backoff: fast },
      ),
      (err: unknown) => err instanceof RetryBudgetExhaustedError && err.attempts > 1 && statusOf(err.cause)?.code === grpc.status.UNAVAILABLE,
    );
  });

  it('should stop when its signal aborts', async () => {
    const controller = new AbortController();
    await assert.rejects(
      withRetries(
        async () => {
          controller.abort();
          throw status(grpc.status.UNAVAILABLE);
        },
        { what: 'call', retryable, budgetMs: Infinity, signal: controller.signal, backoff: { initialDelayMs: 60_000 } },
      ),
      RetryStoppedError,
    );
  });
});
