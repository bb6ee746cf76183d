import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusOf } from './status-of.js';

test('statusOf should read the code and details of an error that carries a gRPC status', () => {
  const err = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: grpc.status.UNAVAILABLE, details: 'No connection established' });
  assert.deepEqual(statusOf(err), { code: grpc.status.UNAVAILABLE, details: 'No connection established' });
});

test('statusOf should fall back to the message when a status error has no details', () => {
  assert.deepEqual(statusOf(Object.assign(new Error('refused'), { code: grpc.status.PERMISSION_DENIED })), { code: grpc.status.PERMISSION_DENIED, details: 'refused' });
});

test('statusOf should find no status in errors without a gRPC code', () => {
  for (const err of [new Error('plain'), Object.assign(new Error('econn'), { code: 'ECONNRESET' }), { code: 99, details: 'not a status' }, null, undefined, 'text', 14]) {
    assert.equal(statusOf(err), undefined, String(err));
  }
});
