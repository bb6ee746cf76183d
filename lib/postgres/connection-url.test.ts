import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parsePostgresUrl, postgresUrlSchema, redactPostgresUrl } from './connection-url.js';

test('a multi-host URL should parse to every host, the database and target_session_attrs', () => {
  const parts = parsePostgresUrl('postgres://ordermesh:s%40cret@127.0.0.1:54331,127.0.0.1:54332/orders?target_session_attrs=primary');
  assert.deepEqual(parts.hosts, ['127.0.0.1:54331', '127.0.0.1:54332']);
  assert.equal(parts.database, 'orders');
  assert.equal(parts.params.get('target_session_attrs'), 'primary');
});

test('a one-host URL without a database should name the postgres database', () => {
  const parts = parsePostgresUrl('postgresql://u:p@db.example:5432');
  assert.deepEqual(parts.hosts, ['db.example:5432']);
  assert.equal(parts.database, 'postgres');
});

test('DATABASE_URL validation should take a multi-host URL and reject what is not a postgres URL, saying why', () => {
  assert.equal(postgresUrlSchema.safeParse('postgres://u:p@a:1,b:2/db?target_session_attrs=primary').success, true);
  const wrongScheme = postgresUrlSchema.safeParse('mysql://u:p@a:1/db');
  assert.equal(wrongScheme.success, false);
  assert.match(wrongScheme.error?.issues[0]?.message ?? '', /must be a postgres:\/\/ URL/);
  const badPort = postgresUrlSchema.safeParse('postgres://u:p@a:1,b:notaport/db');
  assert.match(badPort.error?.issues[0]?.message ?? '', /invalid host "b:notaport"/);
});

test('redaction should hide the password of a multi-host URL and keep the hosts', () => {
  assert.equal(redactPostgresUrl('postgres://ordermesh:pw@127.0.0.1:1,127.0.0.1:2/postgres'), 'postgres://ordermesh:***@127.0.0.1:1,127.0.0.1:2/postgres');
});
