import * as grpc from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { callUnary, unary } from '../../../lib/grpc/index.js';
import {
  mintOrderId,
  ORDER_ID_METADATA,
  parseOrderId,
  validateCancelOrder,
  validateCreateOrder,
  validateListOrders,
  validateOrderId,
  validateReportShipment,
} from '../../../lib/orders/index.js';
import type { OrderServiceHandlers } from '../../../lib/proto/generated/ordermesh/v1/OrderService.js';
import type { Router } from '../../../lib/routing/index.js';
import { noActiveNode, noLiveNode, type GatewayDeps } from './gateway-deps.js';

const SERVICE = '/ordermesh.v1.OrderService';

/** The home region of a validated order id. */
function regionOf(orderId: string): string {
  return parseOrderId(orderId)?.region ?? '';
}

/** Candidates of a call about an existing order: its owner, then the ring, then failover. */
function byOrder(orderId: string): { candidates: (router: Router) => ReturnType<Router['candidates']>; noNode: (router: Router) => Error } {
  return { candidates: (router) => router.candidates(orderId), noNode: (router) => noLiveNode(router, regionOf(orderId)) };
}

/**
 * OrderService at the gateway. Every request is validated here (bad input is answered
 * INVALID_ARGUMENT naming the field, never forwarded), then forwarded:
 * - CreateOrder: the order id is minted first, the order placed on its region's ring with
 *   bounded loads (a hot owner spills to the next node), and the id sent to the node in the
 *   `ordermesh-order-id` metadata. Every retry carries the same id, so a retry that reaches a
 *   second node returns the order the first one made instead of making another.
 * - GetOrder, CancelOrder, ReportShipment: routed on the order id (owner first).
 * - ListOrders: any ACTIVE node (nodes share one database); the region's own first when the
 *   request filters by region.
 */
export function orderGatewayHandlers(deps: GatewayDeps): OrderServiceHandlers {
  const { env, forwarder, topology } = deps;
  return {
    CreateOrder: unary(env, `${SERVICE}/CreateOrder`, async (req, call) => {
      const cmd = validateCreateOrder(req, topology());
      const orderId = mintOrderId(cmd.region);
      trace.getActiveSpan()?.setAttribute('ordermesh.order_id', orderId);
      const metadata = new grpc.Metadata();
      metadata.set(ORDER_ID_METADATA, orderId);
      return forwarder.forward({
        method: 'CreateOrder',
        subject: `new order ${orderId}`,
        candidates: (router) => router.placeNewOrder(orderId, deps.loadOf),
        noNode: (router) => noLiveNode(router, cmd.region),
        call: (c, options) => callUnary(c.orders, c.orders.CreateOrder, req, options),
        context: call,
        metadata,
      });
    }),
    GetOrder: unary(env, `${SERVICE}/GetOrder`, async (req, call) => {
      const orderId = validateOrderId(req, topology());
      return forwarder.forward({
        method: 'GetOrder',
        subject: `order ${orderId}`,
        ...byOrder(orderId),
        call: (c, options) => callUnary(c.orders, c.orders.GetOrder, req, options),
        context: call,
      });
    }),
    ListOrders: unary(env, `${SERVICE}/ListOrders`, async (req, call) => {
      const query = validateListOrders(req, topology());
      const region = query.region === '' ? undefined : query.region;
      return forwarder.forward({
        method: 'ListOrders',
        subject: region ? `orders of region ${region}` : 'orders',
        candidates: (router) => deps.spreader.candidates(router, region),
        noNode: (router) => (region ? noLiveNode(router, region) : noActiveNode(router)),
        call: (c, options) => callUnary(c.orders, c.orders.ListOrders, req, options),
        context: call,
      });
    }),
    CancelOrder: unary(env, `${SERVICE}/CancelOrder`, async (req, call) => {
      const { orderId } = validateCancelOrder(req, topology());
      return forwarder.forward({
        method: 'CancelOrder',
        subject: `order ${orderId}`,
        ...byOrder(orderId),
        call: (c, options) => callUnary(c.orders, c.orders.CancelOrder, req, options),
        context: call,
      });
    }),
    ReportShipment: unary(env, `${SERVICE}/ReportShipment`, async (req, call) => {
      const { orderId } = validateReportShipment(req, topology());
      return forwarder.forward({
        method: 'ReportShipment',
        subject: `order ${orderId}`,
        ...byOrder(orderId),
        call: (c, options) => callUnary(c.orders, c.orders.ReportShipment, req, options),
        context: call,
      });
    }),
  };
}
