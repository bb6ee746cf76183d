import { callUnary, unary } from '../../../lib/grpc/index.js';
import { parseOrderId, validateConfirmPayment } from '../../../lib/orders/index.js';
import type { PaymentServiceHandlers } from '../../../lib/proto/generated/ordermesh/v1/PaymentService.js';
import { noLiveNode, type GatewayDeps } from './gateway-deps.js';

/**
 * PaymentService at the gateway: ConfirmPayment is validated here, then routed on its order id
 * (owner first). Retries are safe: ConfirmPayment is idempotent per payment_id.
 */
export function paymentGatewayHandlers(deps: GatewayDeps): PaymentServiceHandlers {
  const { env, forwarder, topology } = deps;
  return {
    ConfirmPayment: unary(env, '/ordermesh.v1.PaymentService/ConfirmPayment', async (req, call) => {
      const { orderId } = validateConfirmPayment(req, topology());
      return forwarder.forward({
        method: 'ConfirmPayment',
        subject: `order ${orderId}`,
        candidates: (router) => router.candidates(orderId),
        noNode: (router) => noLiveNode(router, parseOrderId(orderId)?.region ?? ''),
        call: (c, options) => callUnary(c.payments, c.payments.ConfirmPayment, req, options),
        context: call,
      });
    }),
  };
}
