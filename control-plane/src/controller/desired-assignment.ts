import { isDeepStrictEqual } from 'node:util';

import type { RegisteredNode } from '#lib/membership/index.js';
import { preferenceOrder, type Topology } from '#lib/orders/index.js';
import { HashRing } from '#lib/ring/index.js';
import { DEFAULT_RING_PARAMETERS, type AssignedNode, type Assignment } from '#lib/routing/index.js';

/** The part of an assignment the controller decides; epoch, leader and publishedAt are stamped when publishing. */
export type AssignmentSpec = Omit<Assignment, 'epoch' | 'leader' | 'publishedAt'>;

/** What the desired assignment is computed from: the world as the controller's watchers see it. */
export interface DesiredAssignmentInput {
  /** Every live (registered) node. */
  nodes: Iterable<RegisteredNode>;
  /** Ids of nodes with a drain request; ids of nodes that are not live are ignored. */
  draining: Iterable<string>;
  topology: Topology;
  /** Ring parameters to publish; default DEFAULT_RING_PARAMETERS. */
  ring?: Assignment['ring'];
}

/**
 * The routing table the cluster should have (a pure function of its input):
 * - `regions`: every topology region in topology order, each with its live ACTIVE members
 *   (sorted by node id, the order HashRing uses) and its failover order (the topology's list, or
 *   the other regions in topology order when the topology gives none);
 * - `nodes`: every live node — DRAINING when it has a drain request, else ACTIVE — ordered by
 *   region (topology order, then unknown regions by name) and node id, with its share of its
 *   region's ring (HashRing.shares() over the region's members; 0 for DRAINING nodes and for
 *   nodes whose region is not in the topology, which are in no ring);
 * - `ring`: the given ring parameters.
 * Equal inputs give deep-equal outputs, whatever the order of `nodes` and `draining`.
 */
export function desiredAssignment(input: DesiredAssignmentInput): AssignmentSpec {
  const ring = input.ring ?? DEFAULT_RING_PARAMETERS;
  const draining = new Set(input.draining);
  const byRegion = new Map<string, RegisteredNode[]>();
  for (const node of input.nodes) {
    const list = byRegion.get(node.region) ?? [];
    list.push(node);
    byRegion.set(node.region, list);
  }
  const known = new Set(input.topology.regions);
  const unknownRegions = [...byRegion.keys()].filter((r) => !known.has(r)).sort();

  const regions: AssignmentSpec['regions'] = [];
  const nodes: AssignedNode[] = [];
  for (const region of [...input.topology.regions, ...unknownRegions]) {
    const live = (byRegion.get(region) ?? []).slice().sort((a, b) => compareIds(a.nodeId, b.nodeId));
    const members = known.has(region) ? live.filter((n) => !draining.has(n.nodeId)).map((n) => n.nodeId) : [];
    const shares = members.length > 0 ? new HashRing(members, { vnodes: ring.vnodes }).shares() : new Map<string, number>();
    if (known.has(region)) regions.push({ region, members, failover: preferenceOrder(input.topology, region).slice(1) });
    for (const node of live) {
      nodes.push({
        nodeId: node.nodeId,
        region: node.region,
        address: node.address,
        state: draining.has(node.nodeId) ? 'DRAINING' : 'ACTIVE',
        // Float rounding may put a lone member a hair above 1; the schema caps shares at 1.
        ringShare: Math.min(1, shares.get(node.nodeId) ?? 0),
      });
    }
  }
  return { ring: { ...ring }, regions, nodes };
}

/** The decided part of a published assignment (drops epoch, leader and publishedAt). */
export function assignmentSpec(assignment: Assignment): AssignmentSpec {
  return { ring: assignment.ring, regions: assignment.regions, nodes: assignment.nodes };
}

/** Whether two assignments route the same: equal ignoring epoch, leader and publishedAt. */
export function sameAssignment(a: Assignment | AssignmentSpec, b: Assignment | AssignmentSpec): boolean {
  return isDeepStrictEqual(specOf(a), specOf(b));
}

/** Live nodes that are in no region's ring because their region is not in the topology. */
export function unplacedNodes(spec: AssignmentSpec): AssignedNode[] {
  const known = new Set(spec.regions.map((r) => r.region));
  return spec.nodes.filter((n) => !known.has(n.region));
}

function specOf(value: Assignment | AssignmentSpec): AssignmentSpec {
  return { ring: value.ring, regions: value.regions, nodes: value.nodes };
}

/** UTF-16 code unit order, locale-independent: the order HashRing sorts members in. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
