import type { HandlerEnv } from '#lib/grpc/index.js';
import type { Topology } from '#lib/orders/index.js';
import type { Router } from '#lib/routing/index.js';
import { NoLiveNodeError } from './errors.js';
import type { Forwarder } from './forwarder.js';
import type { Spreader } from './targets.js';

/** What the gateway's gRPC handlers work with. */
export interface GatewayDeps {
  /** Logger and call counting of the server the handlers are registered on. */
  env: HandlerEnv;
  forwarder: Forwarder;
  /** The topology requests are validated against (the assignment's, else the configured one). */
  topology: () => Topology;
  /** A node's reported in-flight requests (0 when unknown or stale), for bounded-load placement. */
  loadOf: (nodeId: string) => number;
  /** Spreads calls that are not about one order over the nodes. */
  spreader: Spreader;
  /** Called when a new order spills past its loaded owner to the next node (bounded loads). */
  onSpill?: () => void;
}

/**
 * The error for "no candidate for a call about `region`": names the region and the failover
 * regions the router would have tried.
 */
export function noLiveNode(router: Router, region: string): NoLiveNodeError {
  const failover = router.assignment.regions.find((r) => r.region === region)?.failover ?? [];
  return new NoLiveNodeError(region, failover, router.epoch);
}

/** The error for "no ACTIVE node at all", for calls about no region. */
export function noActiveNode(router: Router): NoLiveNodeError {
  return new NoLiveNodeError(undefined, [], router.epoch);
}
