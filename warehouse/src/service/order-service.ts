import { context } from '@opentelemetry/api';
import { InvalidArgumentError } from '#lib/errors/index.js';
import { batchItems, settleItems, unary } from '#lib/grpc/index.js';
import { LIMITS, mintOrderId, parseOrderId, validateCancelOrder, validateCreateOrder, validateListOrders, validateOrderId, validateReportShipment } from '#lib/orders/index.js';
import type { OrderServiceHandlers } from '#lib/proto/index.js';
import { contextFromTraceparent, inSpan, traceparentOf } from '#lib/telemetry/index.js';
import { toProtoOrder } from './proto-mapping.js';
import { ORDER_ID_METADATA, type ServiceDeps } from './service-deps.js';

const SERVICE = '/ordermesh.v1.OrderService';
const DB = { 'db.system': 'postgresql' };

/** The order id to create: the one the gateway minted (and routed on), else a new one. */
function orderIdFor(region: string, minted: string | undefined): string {
  if (minted === undefined || minted === '') return mintOrderId(region);
  const parsed = parseOrderId(minted);
  if (!parsed || parsed.region !== region) throw new InvalidArgumentError(ORDER_ID_METADATA, `'${minted}' is not an order id of region ${region}`);
  return minted;
}

/** OrderService on a warehouse node. */
export function orderServiceHandlers(deps: ServiceDeps): OrderServiceHandlers {
  const { env, orders, topology } = deps;
  return {
    CreateOrder: unary(env, `${SERVICE}/CreateOrder`, async (req, call) => {
      const cmd = validateCreateOrder(req, topology());
      const orderId = orderIdFor(cmd.region, call.metadata.get(ORDER_ID_METADATA)[0]?.toString());
      // The order keeps its trace context in Postgres so payment and shipment join this trace.
      const traceparent = traceparentOf(context.active());
      const order = await inSpan('db.createOrder', { ...DB, 'ordermesh.order_id': orderId }, () => orders.createOrder(cmd, orderId, traceparent, call.ended));
      deps.onOrderCreated();
      return { order: toProtoOrder(order) };
    }),
    GetOrder: unary(env, `${SERVICE}/GetOrder`, async (req) => {
      const orderId = validateOrderId(req, topology());
      return { order: toProtoOrder(await inSpan('db.getOrder', DB, () => orders.getOrder(orderId))) };
    }),
    ListOrders: unary(env, `${SERVICE}/ListOrders`, async (req) => {
      const q = validateListOrders(req, topology());
      const page = await inSpan('db.listOrders', DB, () => orders.listOrders(q));
      return { orders: page.orders.map(toProtoOrder), nextPageToken: page.nextPageToken };
    }),
    CancelOrder: unary(env, `${SERVICE}/CancelOrder`, async (req) => {
      const { orderId, reason } = validateCancelOrder(req, topology());
      return { order: toProtoOrder(await inSpan('db.cancelOrder', DB, () => orders.cancelOrder(orderId, reason))) };
    }),
    ReportShipment: unary(env, `${SERVICE}/ReportShipment`, async (req, call) => {
      const { orderId, shipmentId } = validateReportShipment(req, topology());
      return { order: toProtoOrder(await inSpan('db.reportShipment', DB, () => orders.reportShipment(orderId, shipmentId, call.ended))) };
    }),
    // Each report is validated and recorded as ReportShipment would, in its own order's trace
    // (its traceparent), all at once: the store's batcher commits concurrent reports together.
    ReportShipments: unary(env, `${SERVICE}/ReportShipments`, async (req, call) => {
      const reports = batchItems('reports', req.reports, LIMITS.itemsPerBatch);
      const outcomes = await settleItems(env, `${SERVICE}/ReportShipments`, reports, (report) =>
        context.with(contextFromTraceparent(report.traceparent), () =>
          inSpan('db.reportShipment', { ...DB, 'ordermesh.order_id': report.orderId ?? '' }, async () => {
            const { orderId, shipmentId } = validateReportShipment(report, topology());
            await orders.reportShipment(orderId, shipmentId, call.ended);
          }),
        ),
      );
      return { results: outcomes.map(({ statusCode, statusMessage }, i) => ({ orderId: reports[i]!.orderId ?? '', statusCode, statusMessage })) };
    }),
  };
}
