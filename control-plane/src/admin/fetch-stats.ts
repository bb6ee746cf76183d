import { callUnary } from '#lib/grpc/index.js';
import type { GetNodeStatsRequest } from '#lib/proto/index.js';
import type { GetNodeStatsResponse__Output } from '#lib/proto/index.js';
import { noActiveNode, Spreader, type ForwardContext, type Gateway } from '../gateway/index.js';

/**
 * Sales, orders by status and per node, aggregated by the database. Every node reads the one
 * shared database, so any ACTIVE node answers (spread over them, the next one tried when one is
 * UNAVAILABLE). GetStats and the web console both ask through here.
 */
export function fetchStats(gateway: Gateway, spreader: Spreader, request: GetNodeStatsRequest, context: ForwardContext): Promise<GetNodeStatsResponse__Output> {
  return gateway.forwarder.forward({
    method: 'GetStats',
    subject: 'statistics',
    candidates: (router) => spreader.candidates(router),
    noNode: (router) => noActiveNode(router),
    call: ({ clients: c }, options) => callUnary(c.node, c.node.GetNodeStats, request, options),
    context,
  });
}
