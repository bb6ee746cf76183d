import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DependencyError, DomainError, OrdermeshError, StatusCarryingError, UnavailableError } from './index.js';

class BrokenThingError extends OrdermeshError {
  constructor(
    readonly thing: string,
    options?: { cause?: unknown },
  ) {
    super(`${thing} broke`, options);
  }
}

class RefusedError extends StatusCarryingError {
  readonly code = 7;
}

test('an OrdermeshError subclass should be named after its class and keep its fields and cause', () => {
  const cause = new Error('underneath');
  const err = new BrokenThingError('pump', { cause });
  assert.equal(err.name, 'BrokenThingError');
  assert.equal(err.message, 'pump broke');
  assert.equal(err.thing, 'pump');
  assert.equal(err.cause, cause);
  assert.ok(err instanceof OrdermeshError && err instanceof Error);
  assert.match(String(err.stack), /^BrokenThingError: pump broke/);
});

test('a StatusCarryingError should carry its code and the message as details', () => {
  const err = new RefusedError('no entry');
  assert.deepEqual([err.name, err.code, err.details, err.message], ['RefusedError', 7, 'no entry', 'no entry']);
});

test('domain errors should stay OrdermeshErrors, and UnavailableError a DependencyError naming the shared dependency', () => {
  const err = new UnavailableError('the database is unreachable', { dependency: 'database' });
  assert.ok(err instanceof DependencyError && err instanceof DomainError && err instanceof OrdermeshError);
  assert.deepEqual([err.name, err.kind, err.dependency], ['UnavailableError', 'unavailable', 'database']);
});
