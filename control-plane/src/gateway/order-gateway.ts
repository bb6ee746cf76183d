import * as grpc from '@grpc/grpc-js';
import {
  mintOrderId,
  ORDER_ID_METADATA,
  validateCancelOrder,
  validateCreateOrder,
  validateListOrders,
  validateOrderId,
  validateReportShipment,
} from '#lib/orders/index.js';
import { forwardingHandlers, type ForwardRoute } from './forwarding-handler.js';
import { noActiveNode, noLiveNode, type GatewayDeps } from './gateway-deps.js';
import { ORDER_ID_FIELD, planByOrderId, unknownRegion } from './order-routes.js';
import { reportShipmentsHandler } from './report-shipments-handler.js';
import { requestType } from './request-type.js';
import { readStringField } from './wire-reader.js';

const SERVICE = 'ordermesh.v1.OrderService';
/** CreateOrderRequest.region */
const CREATE_REGION_FIELD = 3;
/** ListOrdersRequest.region */
const LIST_REGION_FIELD = 1;

/**
 * OrderService at the gateway. Each call is forwarded as bytes, routed on one field read from
 * them (the node validates the request):
 * - CreateOrder (on `region`): the order id is minted first, the order placed on its region's
 *   ring with bounded loads (a hot owner spills to the next node), and the id sent to the node
 *   in the `ordermesh-order-id` metadata. Every retry carries the same id, so a retry that
 *   reaches a second node returns the order the first one made instead of making another.
 * - GetOrder, CancelOrder, ReportShipment (on `order_id`): owner first.
 * - ListOrders (on `region`): any ACTIVE node (nodes share one database); the region's own
 *   first when the request filters by region. One node answers; nothing to merge.
 * - ReportShipments: split by owner and merged (report-shipments-handler.ts).
 */
export function orderGatewayHandlers(deps: GatewayDeps): grpc.UntypedServiceImplementation {
  const create = requestType(SERVICE, 'CreateOrder');
  const list = requestType(SERVICE, 'ListOrders');
  const byOrder = (method: string, validate: ForwardRoute['validate']): ForwardRoute => {
    const request = requestType(SERVICE, method);
    return { request, plan: (bytes, topology) => planByOrderId(readStringField(bytes, request.shape, ORDER_ID_FIELD), topology), validate };
  };
  const forwarded = forwardingHandlers(deps, [
    {
      request: create,
      plan: (bytes, topology) => {
        const region = readStringField(bytes, create.shape, CREATE_REGION_FIELD);
        if (!topology.regions.includes(region)) return unknownRegion('region', topology);
        const orderId = mintOrderId(region);
        const metadata = new grpc.Metadata();
        metadata.set(ORDER_ID_METADATA, orderId);
        return {
          subject: `new order ${orderId}`,
          candidates: (router) => router.placeNewOrder(orderId, deps.loadOf, undefined, undefined, deps.onSpill),
          noNode: (router) => noLiveNode(router, region),
          metadata,
          orderId,
        };
      },
      validate: (request, topology) => void validateCreateOrder(request, topology),
    },
    byOrder('GetOrder', (request, topology) => void validateOrderId(request, topology)),
    {
      request: list,
      plan: (bytes, topology) => {
        const region = readStringField(bytes, list.shape, LIST_REGION_FIELD);
        if (region !== '' && !topology.regions.includes(region)) return unknownRegion('region', topology);
        const filter = region === '' ? undefined : region;
        return {
          subject: filter ? `orders of region ${filter}` : 'orders',
          candidates: (router) => deps.spreader.candidates(router, filter),
          noNode: (router) => (filter ? noLiveNode(router, filter) : noActiveNode(router)),
        };
      },
      validate: (request, topology) => void validateListOrders(request, topology),
    },
    byOrder('CancelOrder', (request, topology) => void validateCancelOrder(request, topology)),
    byOrder('ReportShipment', (request, topology) => void validateReportShipment(request, topology)),
  ]);
  return { ...forwarded, ReportShipments: reportShipmentsHandler(deps) };
}
