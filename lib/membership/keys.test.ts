import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DEFAULT_ETCD_PREFIX,
  InvalidNodeIdError,
  InvalidValueError,
  assignmentKey,
  decodeNodeLoad,
  decodeRegisteredNode,
  electionPrefix,
  loadKey,
  loadPrefix,
  nodeKey,
  nodesPrefix,
  nodeIdSchema,
  normalizePrefix,
  topologyKey,
} from './index.js';

test('keys should follow the documented keyspace under the default prefix', () => {
  assert.equal(DEFAULT_ETCD_PREFIX, '/ordermesh/v1/');
  assert.equal(nodesPrefix(DEFAULT_ETCD_PREFIX), '/ordermesh/v1/nodes/');
  assert.equal(nodeKey(DEFAULT_ETCD_PREFIX, 'hcm-1'), '/ordermesh/v1/nodes/hcm-1');
  assert.equal(loadPrefix(DEFAULT_ETCD_PREFIX), '/ordermesh/v1/load/');
  assert.equal(loadKey(DEFAULT_ETCD_PREFIX, 'hcm-1'), '/ordermesh/v1/load/hcm-1');
  assert.equal(assignmentKey(DEFAULT_ETCD_PREFIX), '/ordermesh/v1/assignment');
  assert.equal(topologyKey(DEFAULT_ETCD_PREFIX), '/ordermesh/v1/topology');
  assert.equal(electionPrefix(DEFAULT_ETCD_PREFIX), '/ordermesh/v1/election/');
});

test('a prefix without a trailing slash should get exactly one', () => {
  assert.equal(normalizePrefix('/x/v1'), '/x/v1/');
  assert.equal(normalizePrefix('/x/v1//'), '/x/v1/');
  assert.equal(nodeKey('/x/v1', 'n'), '/x/v1/nodes/n');
  assert.throws(() => normalizePrefix('/'), RangeError);
});

test('a node id that could escape its key should be refused', () => {
  for (const bad of ['', 'a/b', '../x', '.hidden', 'x'.repeat(64), 'sp ace', '-x']) {
    assert.throws(() => nodeKey(DEFAULT_ETCD_PREFIX, bad), InvalidNodeIdError, bad);
  }
  assert.equal(nodeKey(DEFAULT_ETCD_PREFIX, 'hn-2a'), '/ordermesh/v1/nodes/hn-2a');
});

test('a node id outside the documented rule (a-z, 0-9, -) should be refused, as --node-id refuses it', () => {
  for (const bad of ['HN-2', 'hn_2', 'hn.2']) {
    assert.throws(() => nodeKey(DEFAULT_ETCD_PREFIX, bad), InvalidNodeIdError, bad);
    assert.equal(nodeIdSchema.safeParse(bad).success, false, bad);
  }
});

test('decodeRegisteredNode should accept a registration and drop unknown fields', () => {
  const node = decodeRegisteredNode(
    JSON.stringify({
      nodeId: 'hcm-1',
      region: 'HCM',
      address: '127.0.0.1:50061',
      capacity: 100,
      version: '0.1.0',
      startedAt: '2025-01-01T00:00:00.000Z',
      addedInAFutureVersion: true,
    }),
  );
  assert.deepEqual(node, {
    nodeId: 'hcm-1',
    region: 'HCM',
    address: '127.0.0.1:50061',
    capacity: 100,
    version: '0.1.0',
    startedAt: '2025-01-01T00:00:00.000Z',
  });
});

test('decoders should throw InvalidValueError for bad JSON or a bad shape', () => {
  assert.throws(() => decodeRegisteredNode('{'), InvalidValueError);
  assert.throws(
    () => decodeRegisteredNode(JSON.stringify({ nodeId: 'n', region: 'hcm-x', address: 'nope', capacity: 0, version: '', startedAt: 'yesterday' })),
    InvalidValueError,
  );
  assert.throws(() => decodeNodeLoad(JSON.stringify({ inFlight: -1, ratePerS: 0, p50Ms: 0, p99Ms: 0, reportedAt: new Date().toISOString() })), InvalidValueError);
  assert.equal(decodeNodeLoad(JSON.stringify({ inFlight: 2, ratePerS: 1.5, p50Ms: 3, p99Ms: 9, reportedAt: '2025-01-01T00:00:00Z' })).inFlight, 2);
});

test('drain keys should live under drain/ and refuse node ids that could escape them', async () => {
  const { drainKey, drainPrefix } = await import('./index.js');
  assert.equal(drainPrefix(DEFAULT_ETCD_PREFIX), '/ordermesh/v1/drain/');
  assert.equal(drainKey(DEFAULT_ETCD_PREFIX, 'hcm-1'), '/ordermesh/v1/drain/hcm-1');
  assert.throws(() => drainKey(DEFAULT_ETCD_PREFIX, 'a/b'), InvalidNodeIdError);
});
