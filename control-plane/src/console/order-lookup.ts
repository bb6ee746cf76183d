import { callUnary } from '#lib/grpc/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import type { OrderEvent__Output } from '#lib/proto/index.js';
import { planByOrderId, type ForwardContext, type Gateway } from '../gateway/index.js';

/**
 * Reads one order and its story (NodeService.GetOrderHistory) from the node that owns it, routed
 * as the gateway routes GetOrder (owner first, the next candidate when it is UNAVAILABLE).
 * Thrown by: UnroutableRequestError (INVALID_ARGUMENT, order_id) when the id names no order of a
 * known region; the node's INVALID_ARGUMENT or NOT_FOUND; UnavailableError when no node could
 * answer.
 */
export async function lookUpOrder(gateway: Gateway, orderId: string, context: ForwardContext): Promise<{ order: Order__Output; events: OrderEvent__Output[] }> {
  const plan = planByOrderId(orderId, gateway.topology());
  if (plan instanceof Error) throw plan;
  const answer = await gateway.forwarder.forward({
    method: 'GetOrderHistory',
    subject: plan.subject,
    candidates: plan.candidates,
    noNode: plan.noNode,
    call: ({ clients: c }, options) => callUnary(c.node, c.node.GetOrderHistory, { orderId }, options),
    context,
  });
  if (!answer.order) throw new Error('the node answered GetOrderHistory without an order');
  return { order: answer.order, events: answer.events };
}
