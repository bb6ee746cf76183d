import type { Router } from '#lib/routing/index.js';
import type { Topology } from '#lib/orders/index.js';

/**
 * Which orders this node is responsible for: their timers (payment timeout) and their outbox
 * (delivery to the warehouse-management backend). Ownership never decides correctness (every
 * write is conditional in Postgres); it gives each order one active worker.
 *
 * Standalone (no etcd), the node owns every order. In a cluster it owns the orders whose
 * owner in the latest assignment is this node; before the first assignment it owns none, and a
 * node that is DRAINING owns none (the assignment has moved its share away).
 */
export class Ownership {
  constructor(
    private readonly nodeId: string,
    private readonly region: string,
    private readonly topology: () => Topology,
    /** The latest assignment's router; undefined when standalone. */
    private readonly router: (() => Router | undefined) | undefined,
  ) {}

  /** True when this node runs the order's timers and outbox. */
  owns(orderId: string): boolean {
    if (!this.router) return true;
    return this.router()?.owner(orderId)?.nodeId === this.nodeId;
  }

  /**
   * Regions whose orders this node may own: its own region while it has live members, and any
   * region whose orders fail over to it. A filter for the pollers' SQL, so a node does not read
   * other regions' rows only to skip them.
   */
  regions(): string[] {
    const all = this.topology().regions;
    if (!this.router) return [...all];
    const router = this.router();
    if (!router) return [];
    return all.filter((r) => router.servingRegion(r) === this.region);
  }

  /** The epoch of the assignment in force (0 when standalone or before the first). */
  epoch(): number {
    return this.router?.()?.epoch ?? 0;
  }
}
