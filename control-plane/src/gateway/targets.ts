import type { AssignedNode, Router } from '#lib/routing/index.js';

/**
 * Candidate lists for calls that are not about one order (ListOrders, SetStock, GetStock). Any
 * node can serve them (nodes share one database), so they are spread over the nodes by a
 * rotating start, and every other ACTIVE node follows as a fallback.
 */
export class Spreader {
  private turn = 0;

  /**
   * The serving members of `region` (its own, or its first live failover region's), rotated,
   * then every other ACTIVE node, rotated. With no region: every ACTIVE node, rotated.
   */
  candidates(router: Router, region?: string): AssignedNode[] {
    const turn = this.turn++;
    // Keep the counter small; exactness does not matter, only that it moves.
    if (this.turn >= 1_000_000) this.turn = 0;
    const preferred = region === undefined ? [] : router.membersFor(region);
    const ids = new Set(preferred.map((n) => n.nodeId));
    const others = router.activeNodes().filter((n) => !ids.has(n.nodeId));
    return [...rotate(preferred, turn), ...rotate(others, turn)];
  }
}

function rotate<T>(list: readonly T[], by: number): T[] {
  if (list.length < 2) return [...list];
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}
