import { parseOrderId } from '../orders/index.js';
import { HashRing } from '../ring/index.js';
import type { AssignedNode, Assignment } from './assignment.js';

/**
 * Answers "which node owns this order" from one assignment. Every router (gateway replicas,
 * nodes) builds the same rings from the same assignment, so they agree on owners.
 *
 * owner(order) = the ring of the home region's live ACTIVE members over the order id; when the
 * home region has no live member, the first region in its failover order that has one.
 */
export class Router {
  private readonly rings = new Map<string, HashRing>();
  private readonly nodes = new Map<string, AssignedNode>();
  private readonly regionOrder = new Map<string, string[]>();

  constructor(readonly assignment: Assignment) {
    for (const node of assignment.nodes) this.nodes.set(node.nodeId, node);
    for (const r of assignment.regions) {
      this.regionOrder.set(r.region, [r.region, ...r.failover]);
      if (r.members.length) this.rings.set(r.region, new HashRing(r.members, { vnodes: assignment.ring.vnodes }));
    }
  }

  /** The assignment's epoch. */
  get epoch(): number {
    return this.assignment.epoch;
  }

  /** A node of the assignment by id. */
  node(nodeId: string): AssignedNode | undefined {
    return this.nodes.get(nodeId);
  }

  /** The region whose ring serves `region`'s orders now: itself, or its first live failover. */
  servingRegion(region: string): string | undefined {
    return (this.regionOrder.get(region) ?? [region]).find((r) => this.rings.has(r));
  }

  /**
   * Nodes to try for an order, best first: the owner, then the next members of the same ring,
   * then the members of the following failover regions. A gateway retries down this list.
   */
  candidates(orderId: string, limit = 4): AssignedNode[] {
    const region = parseOrderId(orderId)?.region;
    if (!region) return [];
    return this.candidatesInRegions(region, orderId, limit);
  }

  /** The owner of an order (the first candidate), or undefined when no node is live. */
  owner(orderId: string): AssignedNode | undefined {
    return this.candidates(orderId, 1)[0];
  }

  /**
   * Nodes to try for a new order, best first: consistent hashing with bounded loads in the
   * serving region (a hot owner spills to the next member on the ring), then the usual
   * candidates. `loadOf` gives a node's current load (in-flight requests); `onSpill` is called
   * when the owner was over the bound and the order goes to another node (for metrics).
   */
  placeNewOrder(
    orderId: string,
    loadOf: (nodeId: string) => number,
    loadBound = this.assignment.ring.loadBound,
    limit = 4,
    onSpill?: () => void,
  ): AssignedNode[] {
    const candidates = this.candidates(orderId, limit);
    const region = parseOrderId(orderId)?.region;
    const serving = region ? this.servingRegion(region) : undefined;
    const ring = serving ? this.rings.get(serving) : undefined;
    const chosenId = ring?.ownerWithBoundedLoad(orderId, loadOf, loadBound);
    const chosen = chosenId ? this.nodes.get(chosenId) : undefined;
    if (!chosen) return candidates;
    if (onSpill && candidates[0] && chosen.nodeId !== candidates[0].nodeId) onSpill();
    return [chosen, ...candidates.filter((c) => c.nodeId !== chosen.nodeId)];
  }

  /** Live ACTIVE nodes of a region's serving ring (for calls not about one order). */
  membersFor(region: string): AssignedNode[] {
    const serving = this.servingRegion(region);
    const ring = serving ? this.rings.get(serving) : undefined;
    return (ring?.members ?? []).map((id) => this.nodes.get(id)).filter((n): n is AssignedNode => n !== undefined);
  }

  /** Every ACTIVE node, in assignment order. */
  activeNodes(): AssignedNode[] {
    return this.assignment.nodes.filter((n) => n.state === 'ACTIVE');
  }

  private candidatesInRegions(region: string, key: string, limit: number): AssignedNode[] {
    const out: AssignedNode[] = [];
    for (const r of this.regionOrder.get(region) ?? [region]) {
      const ring = this.rings.get(r);
      if (!ring) continue;
      for (const id of ring.candidates(key, limit - out.length)) {
        const node = this.nodes.get(id);
        if (node) out.push(node);
      }
      if (out.length >= limit) break;
    }
    return out;
  }
}
