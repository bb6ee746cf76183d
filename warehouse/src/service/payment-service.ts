import { unary } from '#lib/grpc/index.js';
import { validateConfirmPayment } from '#lib/orders/index.js';
import type { PaymentServiceHandlers } from '#lib/proto/index.js';
import { inSpan } from '#lib/telemetry/index.js';
import { toProtoOrder } from './proto-mapping.js';
import type { ServiceDeps } from './service-deps.js';

/** PaymentService on a warehouse node. */
export function paymentServiceHandlers(deps: ServiceDeps): PaymentServiceHandlers {
  return {
    ConfirmPayment: unary(deps.env, '/ordermesh.v1.PaymentService/ConfirmPayment', async (req, call) => {
      const cmd = validateConfirmPayment(req, deps.topology());
      const order = await inSpan('db.confirmPayment', { 'db.system': 'postgresql', 'ordermesh.order_id': cmd.orderId }, () => deps.orders.confirmPayment(cmd, call.ended));
      if (order.status === 'PAID') deps.onPaid?.(order.orderId);
      return { order: toProtoOrder(order) };
    }),
  };
}
