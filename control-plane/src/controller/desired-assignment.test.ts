import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { RegisteredNode } from '#lib/membership/index.js';
import { DEFAULT_TOPOLOGY, mintOrderId, type Topology } from '#lib/orders/index.js';
import { HashRing } from '#lib/ring/index.js';
import { assignmentSchema, DEFAULT_RING_PARAMETERS, Router, type Assignment } from '#lib/routing/index.js';
import { assignmentSpec, desiredAssignment, sameAssignment, unplacedNodes } from './index.js';

let port = 50061;
function node(nodeId: string, region: string): RegisteredNode {
  return { nodeId, region, address: `127.0.0.1:${port++}`, capacity: 100, version: '0.1.0-test', startedAt: '2025-01-01T00:00:00.000Z' };
}

const NODES = [node('hcm-2', 'HCM'), node('hn-1', 'HN'), node('hcm-1', 'HCM'), node('dn-1', 'DN'), node('hcm-3', 'HCM')];

function stamp(spec: ReturnType<typeof desiredAssignment>, epoch = 1): Assignment {
  return { epoch, leader: 'cp-test', publishedAt: '2025-01-01T00:00:00.000Z', ...spec };
}

test('regions should follow topology order with sorted live ACTIVE members and the topology failover', () => {
  const spec = desiredAssignment({ nodes: NODES, draining: [], topology: DEFAULT_TOPOLOGY });
  assert.deepEqual(spec.regions, [
    { region: 'HCM', members: ['hcm-1', 'hcm-2', 'hcm-3'], failover: ['DN', 'HN'] },
    { region: 'HN', members: ['hn-1'], failover: ['DN', 'HCM'] },
    { region: 'DN', members: ['dn-1'], failover: ['HCM', 'HN'] },
  ]);
  assert.deepEqual(spec.ring, DEFAULT_RING_PARAMETERS);
  assert.deepEqual(
    spec.nodes.map((n) => [n.nodeId, n.region, n.state]),
    [
      ['hcm-1', 'HCM', 'ACTIVE'],
      ['hcm-2', 'HCM', 'ACTIVE'],
      ['hcm-3', 'HCM', 'ACTIVE'],
      ['hn-1', 'HN', 'ACTIVE'],
      ['dn-1', 'DN', 'ACTIVE'],
    ],
  );
  assert.equal(spec.nodes.find((n) => n.nodeId === 'hcm-2')?.address, NODES[0]?.address);
  // It is a valid assignment once stamped, and routers can build rings from it.
  assignmentSchema.parse(stamp(spec));
  assert.ok(new Router(stamp(spec)).owner(mintOrderId('HCM'))?.nodeId.startsWith('hcm-'));
});

test('ring shares should be HashRing.shares() of the region members', () => {
  const spec = desiredAssignment({ nodes: NODES, draining: [], topology: DEFAULT_TOPOLOGY });
  const expected = new HashRing(['hcm-1', 'hcm-2', 'hcm-3'], { vnodes: DEFAULT_RING_PARAMETERS.vnodes }).shares();
  for (const id of ['hcm-1', 'hcm-2', 'hcm-3']) assert.equal(spec.nodes.find((n) => n.nodeId === id)?.ringShare, expected.get(id));
  const hcmTotal = spec.nodes.filter((n) => n.region === 'HCM').reduce((sum, n) => sum + n.ringShare, 0);
  assert.ok(Math.abs(hcmTotal - 1) < 1e-9, `HCM shares sum to ${hcmTotal}`);
  assert.equal(spec.nodes.find((n) => n.nodeId === 'hn-1')?.ringShare, 1, 'a lone member owns its whole ring');
});

test('a drained node should be DRAINING with no ring share and out of the members', () => {
  const spec = desiredAssignment({ nodes: NODES, draining: ['hcm-2', 'not-live'], topology: DEFAULT_TOPOLOGY });
  assert.deepEqual(spec.regions[0]?.members, ['hcm-1', 'hcm-3']);
  const drained = spec.nodes.find((n) => n.nodeId === 'hcm-2');
  assert.equal(drained?.state, 'DRAINING');
  assert.equal(drained?.ringShare, 0);
  const expected = new HashRing(['hcm-1', 'hcm-3'], { vnodes: DEFAULT_RING_PARAMETERS.vnodes }).shares();
  assert.equal(spec.nodes.find((n) => n.nodeId === 'hcm-1')?.ringShare, expected.get('hcm-1'));
  assert.ok(!spec.nodes.some((n) => n.nodeId === 'not-live'), 'a drain request alone does not make a node live');
});

test('a region without live nodes should be published with no members', () => {
  const spec = desiredAssignment({ nodes: [node('hcm-1', 'HCM')], draining: [], topology: DEFAULT_TOPOLOGY });
  assert.deepEqual(
    spec.regions.map((r) => [r.region, r.members]),
    [
      ['HCM', ['hcm-1']],
      ['HN', []],
      ['DN', []],
    ],
  );
  // Draining the last member empties the region too (routers then fail over).
  const drained = desiredAssignment({ nodes: [node('hcm-1', 'HCM')], draining: ['hcm-1'], topology: DEFAULT_TOPOLOGY });
  assert.deepEqual(drained.regions[0]?.members, []);
});

test('the topology should decide region order and failover, defaulting a missing failover list to the other regions', () => {
  const topology: Topology = { regions: ['DN', 'HCM', 'HN'], failover: { HCM: ['HN'], DN: ['HN', 'HCM'] } };
  const spec = desiredAssignment({ nodes: NODES, draining: [], topology });
  assert.deepEqual(
    spec.regions.map((r) => [r.region, r.failover]),
    [
      ['DN', ['HN', 'HCM']],
      ['HCM', ['HN']],
      ['HN', ['DN', 'HCM']],
    ],
  );
  assert.deepEqual(
    spec.nodes.map((n) => n.nodeId),
    ['dn-1', 'hcm-1', 'hcm-2', 'hcm-3', 'hn-1'],
  );
});

test('a node whose region is not in the topology should be live but in no ring', () => {
  const topology: Topology = { regions: ['HCM', 'HN'], failover: {} };
  const spec = desiredAssignment({ nodes: NODES, draining: [], topology });
  assert.deepEqual(
    spec.regions.map((r) => r.region),
    ['HCM', 'HN'],
  );
  const dn = spec.nodes.find((n) => n.nodeId === 'dn-1');
  assert.equal(dn?.ringShare, 0);
  assert.equal(spec.nodes.at(-1)?.nodeId, 'dn-1', 'unknown regions come after the topology regions');
  assert.deepEqual(
    unplacedNodes(spec).map((n) => n.nodeId),
    ['dn-1'],
  );
});

test('equal inputs in any order should give equal specs, and sameAssignment should ignore epoch, leader and publishedAt', () => {
  const a = desiredAssignment({ nodes: NODES, draining: ['hn-1', 'hcm-3'], topology: DEFAULT_TOPOLOGY });
  const b = desiredAssignment({ nodes: [...NODES].reverse(), draining: new Set(['hcm-3', 'hn-1']), topology: DEFAULT_TOPOLOGY });
  assert.deepEqual(a, b);
  const stored = stamp(a, 7);
  const republished = { ...stamp(b, 8), leader: 'cp-other', publishedAt: '2030-01-01T00:00:00.000Z' };
  assert.equal(sameAssignment(stored, republished), true);
  assert.equal(sameAssignment(stored, b), true);
  assert.deepEqual(assignmentSpec(stored), a);
  // Round-tripping through JSON (as etcd stores it) keeps it equal: no float drift.
  assert.equal(sameAssignment(assignmentSchema.parse(JSON.parse(JSON.stringify(stored))), a), true);

  // Any routing difference counts.
  const moved = desiredAssignment({ nodes: NODES, draining: ['hn-1'], topology: DEFAULT_TOPOLOGY });
  assert.equal(sameAssignment(stored, moved), false);
  const readdressed = desiredAssignment({ nodes: NODES.map((n) => (n.nodeId === 'dn-1' ? { ...n, address: '127.0.0.1:1' } : n)), draining: ['hn-1', 'hcm-3'], topology: DEFAULT_TOPOLOGY });
  assert.equal(sameAssignment(stored, readdressed), false);
  const otherRing = desiredAssignment({ nodes: NODES, draining: ['hn-1', 'hcm-3'], topology: DEFAULT_TOPOLOGY, ring: { ...DEFAULT_RING_PARAMETERS, vnodes: 64 } });
  assert.equal(sameAssignment(stored, otherRing), false);
});

test('no nodes at all should give every region empty and no nodes', () => {
  const spec = desiredAssignment({ nodes: [], draining: [], topology: DEFAULT_TOPOLOGY });
  assert.deepEqual(
    spec.regions.map((r) => r.members.length),
    [0, 0, 0],
  );
  assert.deepEqual(spec.nodes, []);
  assignmentSchema.parse(stamp(spec));
});
