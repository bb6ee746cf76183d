import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDriverFault, isOrphanedDriverRejection } from './driver-fault-guard.js';

function thrownAt(err: Error, frame: string): Error {
  err.stack = `${err.name}: ${err.message}\n    at ${frame}\n    at process.processImmediate (node:internal/timers:483:21)`;
  return err;
}

describe('which uncaught errors the driver fault guard contains', () => {
  it("should contain postgres.js's TypeError at nextWrite (porsager/postgres#1208) and nothing else like it", () => {
    const nextWrite = thrownAt(new TypeError("Cannot read properties of null (reading 'write')"), 'Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)');
    assert.equal(isDriverFault(nextWrite), true);
    assert.equal(isDriverFault(thrownAt(new TypeError('x is not a function'), 'handler (file:///app/dist/warehouse/src/service/order-service.js:10:5)')), false);
    // Called through the driver but thrown in our code: ours, a bug, not contained.
    assert.equal(isDriverFault(thrownAt(new RangeError('bad'), 'Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)')), false);
  });

  it("should drop a destroyed connection's rejection nobody awaits (the driver's fetchArrayTypes), but not other errors", () => {
    const destroyed = thrownAt(Object.assign(new Error('write CONNECTION_DESTROYED 127.0.0.1:5432'), { code: 'CONNECTION_DESTROYED' }), 'Object.terminate (file:///app/node_modules/postgres/src/connection.js:425:20)');
    assert.equal(isOrphanedDriverRejection(destroyed), true);
    const elsewhere = thrownAt(Object.assign(new Error('boom'), { code: 'CONNECTION_DESTROYED' }), 'run (file:///app/dist/warehouse/src/x.js:1:1)');
    assert.equal(isOrphanedDriverRejection(elsewhere), false);
    const other = thrownAt(Object.assign(new Error('duplicate key'), { code: '23505' }), 'ErrorResponse (file:///app/node_modules/postgres/src/connection.js:817:22)');
    assert.equal(isOrphanedDriverRejection(other), false);
  });
});
