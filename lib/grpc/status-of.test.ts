import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
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
    assert.equal(statusOf(err), undefined, inspect(err));
  }
});

test("statusOf should call a stream that ended without a status UNAVAILABLE, as a dropped connection, not a server's INTERNAL", () => {
  const dropped = Object.assign(new Error('13 INTERNAL: Received RST_STREAM with code 0 (Call ended without gRPC status)'), {
    code: grpc.status.INTERNAL,
    details: 'Received RST_STREAM with code 0 (Call ended without gRPC status)',
  });
  assert.equal(statusOf(dropped)?.code, grpc.status.UNAVAILABLE);
  assert.match(statusOf(dropped)?.details ?? '', /connection dropped/);
  // A server's own INTERNAL stays INTERNAL.
  assert.equal(statusOf(Object.assign(new Error('x'), { code: grpc.status.INTERNAL, details: 'internal error; the server logged the details' }))?.code, grpc.status.INTERNAL);
});

test('statusOf should call a call lost to the server closing its connection with an erroring GOAWAY UNAVAILABLE', () => {
  const details = 'Received RST_STREAM with code 2 triggered by internal client error: Session closed with error code 2';
  const closed = Object.assign(new Error(`13 INTERNAL: ${details}`), { code: grpc.status.INTERNAL, details });
  assert.equal(statusOf(closed)?.code, grpc.status.UNAVAILABLE);
  assert.match(statusOf(closed)?.details ?? '', /closed the connection/);
  // Another client-side INTERNAL (a protocol error) stays INTERNAL.
  const protocol = 'Received RST_STREAM with code 2 triggered by internal client error: Protocol error';
  assert.equal(statusOf(Object.assign(new Error(protocol), { code: grpc.status.INTERNAL, details: protocol }))?.code, grpc.status.INTERNAL);
});
