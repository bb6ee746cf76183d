import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampMs, toTimestamp } from './timestamp.js';

test('toTimestamp should split a time into seconds and nanos that timestampMs reads back', () => {
  const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  assert.deepEqual(toTimestamp(ms), { seconds: Math.floor(ms / 1000), nanos: 678_000_000 });
  assert.deepEqual(toTimestamp(new Date(ms)), toTimestamp(ms));
  assert.equal(timestampMs(toTimestamp(ms)), ms);
});

test('toTimestamp should give the unset (zero) Timestamp for an invalid time', () => {
  assert.deepEqual(toTimestamp(Date.parse('not a time')), { seconds: 0, nanos: 0 });
  assert.deepEqual(toTimestamp(new Date(Number.NaN)), { seconds: 0, nanos: 0 });
  assert.equal(timestampMs(toTimestamp(Number.NaN)), undefined);
});
