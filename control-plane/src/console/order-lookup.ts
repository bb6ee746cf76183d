import { callUnary } from '../../../lib/grpc/index.js';
import type { Order__Output } from '../../../lib/proto/generated/ordermesh/v1/Order.js';
import { planByOrderId, type ForwardContext, type Gateway } from '../gateway/index.js';

/**
 * Reads one order from the node that owns it, routed as the gateway routes GetOrder (owner
 * first, the next candidate when it is UNAVAILABLE).
 * Thrown by: UnroutableRequestError (INVALID_ARGUMENT, order_id) when the id names no order of a
 * known region; the node's NOT_FOUND; UnavailableError when no node could answer.
 */
export async function lookUpOrder(gateway: Gateway, orderId: string, context: ForwardContext): Promise<Order__Output> {
  const plan = planByOrderId(orderId, gateway.topology());
  if (plan instanceof Error) throw plan;
  const { order } = await gateway.forwarder.forward({
    method: 'GetOrder',
    subject: plan.subject,
    candidates: plan.candidates,
    noNode: plan.noNode,
    call: ({ clients: c }, options) => callUnary(c.orders, c.orders.GetOrder, { orderId }, options),
    context,
  });
  if (!order) throw new Error('the node answered GetOrder without an order');
  return order;
}
