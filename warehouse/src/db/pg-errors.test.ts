import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILED_DEPENDENCY_METADATA, answerMetadata, toStatus } from '#lib/grpc/index.js';
import { classifyCode, toDatabaseDomainError } from './pg-errors.js';

/** An error shaped as postgres.js makes them (PostgresError has a string `code`), wrapped as drizzle wraps it. */
function driverError(code: string): Error {
  const pg = Object.assign(new Error(`postgres said ${code}`), { name: 'PostgresError', code });
  return new Error('Failed query: select 1', { cause: pg });
}

describe('Postgres errors by class', () => {
  const cases: Array<[code: string, status: grpc.status]> = [
    ['53300', grpc.status.RESOURCE_EXHAUSTED], // too_many_connections
    ['53200', grpc.status.RESOURCE_EXHAUSTED], // out_of_memory
    ['53100', grpc.status.RESOURCE_EXHAUSTED], // disk_full
    ['57P01', grpc.status.UNAVAILABLE], // admin_shutdown
    ['57P02', grpc.status.UNAVAILABLE], // crash_shutdown
    ['57P03', grpc.status.UNAVAILABLE], // cannot_connect_now
    ['08006', grpc.status.UNAVAILABLE], // connection_failure
    ['08001', grpc.status.UNAVAILABLE], // sqlclient_unable_to_establish_sqlconnection
    ['08P01', grpc.status.UNAVAILABLE], // protocol_violation
    ['57014', grpc.status.UNAVAILABLE], // query_canceled (statement_timeout)
    ['ECONNREFUSED', grpc.status.UNAVAILABLE],
    ['ECONNRESET', grpc.status.UNAVAILABLE],
    ['CONNECT_TIMEOUT', grpc.status.UNAVAILABLE],
    ['CONNECTION_CLOSED', grpc.status.UNAVAILABLE],
    ['CONNECTION_DESTROYED', grpc.status.UNAVAILABLE],
    ['40001', grpc.status.ABORTED], // serialization_failure
    ['40P01', grpc.status.ABORTED], // deadlock_detected
  ];
  for (const [code, status] of cases) {
    it(`should answer ${code} as ${grpc.status[status]}, never INTERNAL`, () => {
      const answer = toStatus(toDatabaseDomainError(driverError(code)));
      assert.equal(grpc.status[answer.code], grpc.status[status]);
      assert.equal(answer.internal, false);
      assert.doesNotMatch(answer.details, /internal/i);
    });
  }

  it('should mark database outages and exhaustion as the shared database failing, so the gateway does not retry on siblings', () => {
    for (const code of ['53300', '57P01', '08006', 'ECONNREFUSED']) {
      const metadata = answerMetadata(toStatus(toDatabaseDomainError(driverError(code))));
      assert.deepEqual(metadata.get(FAILED_DEPENDENCY_METADATA), ['database'], code);
    }
    // A lost race is not the database failing: another attempt (anywhere) may succeed.
    assert.deepEqual(answerMetadata(toStatus(toDatabaseDomainError(driverError('40001')))).get(FAILED_DEPENDENCY_METADATA), []);
  });

  it('should leave other database errors (constraint violations, bugs) for INTERNAL', () => {
    for (const code of ['23505', '42P01', '22P02']) {
      assert.equal(classifyCode(code), undefined, code);
      const answer = toStatus(toDatabaseDomainError(driverError(code)));
      assert.equal(answer.code, grpc.status.INTERNAL, code);
      assert.equal(answer.internal, true);
    }
  });
});
