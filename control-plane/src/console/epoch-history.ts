import type { Assignment } from '#lib/routing/index.js';

/**
 * What one assignment changed about one node:
 * - joined: a node not in the previous assignment is in this one;
 * - failed-over: an ACTIVE node disappeared (its lease expired: a crash or a cut-off), so its
 *   orders moved to its neighbours without it handing them over;
 * - drained: a node went from ACTIVE to DRAINING (an operator asked; its share moved first);
 * - left: a DRAINING node disappeared (stopped after its drain, as intended);
 * - reactivated: a DRAINING node is ACTIVE again (it restarted under the same id).
 */
export type NodeChangeKind = 'joined' | 'failed-over' | 'drained' | 'left' | 'reactivated';

/** One node's change in one epoch. */
export interface NodeChange {
  nodeId: string;
  region: string;
  kind: NodeChangeKind;
}

/** One published assignment as the console shows it. */
export interface EpochEntry {
  epoch: number;
  /** When the leader published it (ISO 8601). */
  publishedAt: string;
  /** When this replica saw it (ISO 8601). */
  seenAt: string;
  leader: string;
  /** Live ACTIVE members per region after this epoch. */
  members: Record<string, string[]>;
  changes: NodeChange[];
  /** True when a node failed over in this epoch (what an operator looks for first). */
  failover: boolean;
}

/** The node changes from `before` (undefined: the first assignment seen) to `after`. */
export function diffAssignments(before: Assignment | undefined, after: Assignment): NodeChange[] {
  const previous = new Map((before?.nodes ?? []).map((n) => [n.nodeId, n]));
  const current = new Map(after.nodes.map((n) => [n.nodeId, n]));
  const changes: NodeChange[] = [];
  for (const node of after.nodes) {
    const old = previous.get(node.nodeId);
    if (!old) changes.push({ nodeId: node.nodeId, region: node.region, kind: 'joined' });
    else if (old.state === 'ACTIVE' && node.state === 'DRAINING') changes.push({ nodeId: node.nodeId, region: node.region, kind: 'drained' });
    else if (old.state === 'DRAINING' && node.state === 'ACTIVE') changes.push({ nodeId: node.nodeId, region: node.region, kind: 'reactivated' });
  }
  for (const old of previous.values()) {
    if (!current.has(old.nodeId)) changes.push({ nodeId: old.nodeId, region: old.region, kind: old.state === 'DRAINING' ? 'left' : 'failed-over' });
  }
  return changes;
}

/**
 * The assignments this replica has seen, newest first, at most `capacity` of them (memory stays
 * bounded however long the replica runs; older epochs are in nobody's memory, as an operator
 * would expect from a live page, not an audit log).
 */
export class EpochHistory {
  private readonly entries: EpochEntry[] = [];
  private last: Assignment | undefined;

  constructor(private readonly capacity = 50) {}

  /** Records an assignment; the same epoch twice is recorded once. */
  record(assignment: Assignment, seenAt = new Date()): void {
    if (this.last && this.last.epoch === assignment.epoch && this.last.publishedAt === assignment.publishedAt) return;
    const changes = diffAssignments(this.last, assignment);
    this.last = assignment;
    this.entries.unshift({
      epoch: assignment.epoch,
      publishedAt: assignment.publishedAt,
      seenAt: seenAt.toISOString(),
      leader: assignment.leader,
      members: Object.fromEntries(assignment.regions.map((r) => [r.region, [...r.members]])),
      changes,
      failover: changes.some((c) => c.kind === 'failed-over'),
    });
    if (this.entries.length > this.capacity) this.entries.length = this.capacity;
  }

  /** The recorded epochs, newest first. */
  list(): readonly EpochEntry[] {
    return this.entries;
  }
}
