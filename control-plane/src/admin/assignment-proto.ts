import { toTimestamp } from '#lib/proto/index.js';
import type { Assignment as ProtoAssignment } from '#lib/proto/index.js';
import type { NodeState as ProtoNodeState } from '#lib/proto/index.js';
import type { Assignment, NodeState } from '#lib/routing/index.js';

/** The API's name of a node state: 'ACTIVE' → 'NODE_STATE_ACTIVE'; a node not in the assignment yet is UNSPECIFIED. */
export function toProtoNodeState(state: NodeState | undefined): ProtoNodeState {
  return state ? `NODE_STATE_${state}` : 'NODE_STATE_UNSPECIFIED';
}

/** The stored assignment as the API's Assignment message. */
export function toProtoAssignment(a: Assignment): ProtoAssignment {
  return {
    epoch: a.epoch,
    leader: a.leader,
    regions: a.regions.map((r) => ({ region: r.region, members: r.members, failover: r.failover })),
    nodes: a.nodes.map((n) => ({ nodeId: n.nodeId, region: n.region, address: n.address, state: toProtoNodeState(n.state), ringShare: n.ringShare })),
    ring: { vnodes: a.ring.vnodes, loadBound: a.ring.loadBound, hash: a.ring.hash },
    // Date.parse of a bad string is NaN, which toTimestamp answers with the zero (unset) Timestamp.
    publishedAt: toTimestamp(Date.parse(a.publishedAt)),
  };
}
