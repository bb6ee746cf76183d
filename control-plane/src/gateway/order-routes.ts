import { parseOrderId, type Topology } from '#lib/orders/index.js';
import type { Router } from '#lib/routing/index.js';
import { UnroutableRequestError } from './errors.js';
import type { RoutePlan } from './forwarding-handler.js';
import { noLiveNode } from './gateway-deps.js';

/** Field number of `order_id` in every request about one existing order (Get, Cancel, ReportShipment, ConfirmPayment). */
export const ORDER_ID_FIELD = 1;

/**
 * The plan of a call about an existing order (its owner, then the ring, then failover), or the
 * error when `orderId` routes nowhere: not of the form `<REGION>-<ULID>`, or of a region the
 * topology does not have. (The node's validator words the message the caller gets, see
 * forwarding-handler.ts; this one is the fallback.)
 */
export function planByOrderId(orderId: string, topology: Topology): RoutePlan | UnroutableRequestError {
  const parsed = parseOrderId(orderId);
  if (!parsed || !topology.regions.includes(parsed.region)) {
    return new UnroutableRequestError('order_id', `'${orderId.slice(0, 80)}' does not name an order of a region this gateway routes to (${topology.regions.join(', ')})`);
  }
  return {
    subject: `order ${orderId}`,
    candidates: (router: Router) => router.candidates(orderId),
    noNode: (router: Router) => noLiveNode(router, parsed.region),
    orderId,
  };
}

/** The error for a region the topology does not have (what the node's validator would say). */
export function unknownRegion(field: string, topology: Topology): UnroutableRequestError {
  return new UnroutableRequestError(field, `must be one of ${topology.regions.join(', ')}`);
}
