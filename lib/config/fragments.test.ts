import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ConfigError, parseConfig } from './parse-config.js';
import { commaList, etcdEndpointsSchema, int, logLevelSchema } from './fragments.js';

const schema = z.object({ port: int(0, 65535), logLevel: logLevelSchema, etcdEndpoints: etcdEndpointsSchema({ required: true }) });

test('the shared fragments should read strings from the environment into values', () => {
  const c = parseConfig('test', schema, { port: '50051', logLevel: 'warn', etcdEndpoints: ' http://a:2379, http://b:2379 ,' });
  assert.deepEqual(c, { port: 50051, logLevel: 'warn', etcdEndpoints: ['http://a:2379', 'http://b:2379'] });
});

test('the shared fragments should name every problem in the same words in every service', () => {
  assert.throws(
    () => parseConfig('test', schema, { port: '1.5', logLevel: 'loud', etcdEndpoints: '' }, { port: 'ORDERMESH_PORT', etcdEndpoints: 'ORDERMESH_ETCD_ENDPOINTS' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.problems.length === 3 &&
      err.problems.includes('ORDERMESH_PORT: must be a whole number') &&
      err.problems.includes('ORDERMESH_ETCD_ENDPOINTS: needs at least one etcd endpoint'),
  );
  assert.equal(int(1, 64).safeParse('65').error?.issues[0]?.message, 'must be at most 64');
  assert.equal(etcdEndpointsSchema({ required: true }).safeParse('127.0.0.1:2379').error?.issues[0]?.message, 'each endpoint must be a URL such as http://127.0.0.1:2379');
});

test('etcd endpoints may be empty where etcd is optional, and commaList should drop blanks', () => {
  assert.deepEqual(etcdEndpointsSchema({ required: false }).parse(''), []);
  assert.deepEqual(commaList(' a, ,b ,'), ['a', 'b']);
});
