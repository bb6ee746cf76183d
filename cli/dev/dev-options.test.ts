import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ConfigError } from '#lib/config/index.js';
import { loadDevOptions } from './dev-options.js';

test('--postgres should default to embedded and take ha', () => {
  assert.equal(loadDevOptions({}, {}).postgres, 'embedded');
  assert.equal(loadDevOptions({ postgres: 'ha' }, {}).postgres, 'ha');
});

test('an unknown --postgres should be refused naming the flag and the choices', () => {
  assert.throws(
    () => loadDevOptions({ postgres: 'mysql' }, {}),
    (err: unknown) => err instanceof ConfigError && /--postgres/.test(err.message) && /embedded or ha/.test(err.message),
  );
});

test('DATABASE_URL should accept the multi-host URL of an HA pair', () => {
  const url = 'postgres://ordermesh:pw@127.0.0.1:54331,127.0.0.1:54332/postgres?target_session_attrs=primary';
  assert.equal(loadDevOptions({}, { DATABASE_URL: url }).databaseUrl, url);
});
