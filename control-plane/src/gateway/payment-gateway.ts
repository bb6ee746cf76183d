import type * as grpc from '@grpc/grpc-js';
import { validateConfirmPayment } from '#lib/orders/index.js';
import { forwardingHandlers } from './forwarding-handler.js';
import type { GatewayDeps } from './gateway-deps.js';
import { ORDER_ID_FIELD, planByOrderId } from './order-routes.js';
import { requestType } from './request-type.js';
import { readStringField } from './wire-reader.js';

/**
 * PaymentService at the gateway: ConfirmPayment is forwarded as bytes, routed on its `order_id`
 * (owner first); the node validates it. Retries are safe: ConfirmPayment is idempotent per
 * payment_id.
 */
export function paymentGatewayHandlers(deps: GatewayDeps): grpc.UntypedServiceImplementation {
  const confirm = requestType('ordermesh.v1.PaymentService', 'ConfirmPayment');
  return forwardingHandlers(deps, [
    {
      request: confirm,
      plan: (bytes, topology) => planByOrderId(readStringField(bytes, confirm.shape, ORDER_ID_FIELD), topology),
      validate: (request, topology) => void validateConfirmPayment(request, topology),
    },
  ]);
}
