import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Assignment } from '#lib/routing/index.js';
import { diffAssignments, EpochHistory } from './epoch-history.js';

type NodeSpec = [id: string, region: string, state: 'ACTIVE' | 'DRAINING'];

function assignment(epoch: number, nodes: NodeSpec[]): Assignment {
  const regions = ['HCM', 'HN', 'DN'];
  return {
    epoch,
    leader: 'cp-1',
    publishedAt: new Date(1_700_000_000_000 + epoch * 1000).toISOString(),
    ring: { vnodes: 64, loadBound: 1.25, hash: 'murmur3_x86_32' },
    regions: regions.map((region) => ({
      region,
      members: nodes.filter(([, r, s]) => r === region && s === 'ACTIVE').map(([id]) => id),
      failover: regions.filter((r) => r !== region),
    })),
    nodes: nodes.map(([nodeId, region, state]) => ({ nodeId, region, address: `127.0.0.1:1`, state, ringShare: state === 'ACTIVE' ? 1 : 0 })),
  };
}

describe('epoch history', () => {
  it('should call a vanished ACTIVE node a failover and a vanished DRAINING node a planned leave', () => {
    const before = assignment(1, [['hcm-1', 'HCM', 'ACTIVE'], ['hn-1', 'HN', 'DRAINING']]);
    const after = assignment(2, [['dn-1', 'DN', 'ACTIVE']]);
    assert.deepEqual(
      diffAssignments(before, after).sort((a, b) => a.nodeId.localeCompare(b.nodeId)),
      [
        { nodeId: 'dn-1', region: 'DN', kind: 'joined' },
        { nodeId: 'hcm-1', region: 'HCM', kind: 'failed-over' },
        { nodeId: 'hn-1', region: 'HN', kind: 'left' },
      ],
    );
  });

  it('should mark drains and reactivations', () => {
    const a = assignment(1, [['hcm-1', 'HCM', 'ACTIVE']]);
    const b = assignment(2, [['hcm-1', 'HCM', 'DRAINING']]);
    assert.deepEqual(diffAssignments(a, b), [{ nodeId: 'hcm-1', region: 'HCM', kind: 'drained' }]);
    assert.deepEqual(diffAssignments(b, a), [{ nodeId: 'hcm-1', region: 'HCM', kind: 'reactivated' }]);
  });

  it('should keep the newest epochs first, each once, up to its capacity', () => {
    const history = new EpochHistory(3);
    history.record(assignment(1, [['hcm-1', 'HCM', 'ACTIVE'], ['hn-1', 'HN', 'ACTIVE']]));
    history.record(assignment(1, [['hcm-1', 'HCM', 'ACTIVE'], ['hn-1', 'HN', 'ACTIVE']]));
    history.record(assignment(2, [['hcm-1', 'HCM', 'ACTIVE']]));
    history.record(assignment(3, [['hcm-1', 'HCM', 'ACTIVE'], ['hn-1', 'HN', 'ACTIVE']]));
    history.record(assignment(4, [['hcm-1', 'HCM', 'DRAINING'], ['hn-1', 'HN', 'ACTIVE']]));
    const list = history.list();
    assert.deepEqual(list.map((e) => e.epoch), [4, 3, 2]);
    assert.deepEqual(list.map((e) => e.failover), [false, false, true]);
    assert.deepEqual(list[2]?.members, { HCM: ['hcm-1'], HN: [], DN: [] });
  });
});
