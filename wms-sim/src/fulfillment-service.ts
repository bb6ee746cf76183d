import { context, trace } from '@opentelemetry/api';
import { batchItems, settleItems, unary, type HandlerEnv } from '#lib/grpc/index.js';
import { LIMITS } from '#lib/orders/index.js';
import type { FulfillmentServiceHandlers } from '#lib/proto/index.js';
import type { ShipOrderRequest__Output } from '#lib/proto/index.js';
import type { ShipOrderResponse } from '#lib/proto/index.js';
import { contextFromTraceparent, inSpan } from '#lib/telemetry/index.js';
import { SimulatedOutageError } from './errors.js';
import type { FulfillmentLedger } from './fulfillment-ledger.js';
import type { ShipmentReporter } from './shipment-reporter.js';
import { validateShipOrder } from './ship-order-request.js';

const SERVICE = '/ordermesh.v1.FulfillmentService';

/** What the FulfillmentService handlers use. */
export interface FulfillmentServiceDeps {
  env: HandlerEnv;
  ledger: FulfillmentLedger;
  reporter: ShipmentReporter;
  /** Share of ShipOrder calls answered UNAVAILABLE on purpose (0..1). */
  failureRate: number;
  /** Draws the failures; default Math.random. */
  random?: () => number;
}

/**
 * FulfillmentService on wms-sim.
 *
 * ShipOrder validates the request, then, with probability `failureRate`, answers UNAVAILABLE
 * ("simulated outage; retry") before recording anything. Otherwise it records the order once
 * per order id (a repeat returns the same shipment id with first_delivery false and counts one
 * more delivery), answers at once, and leaves picking, packing and the SHIPPED report to the
 * {@link ShipmentReporter}, in the order's trace. A repeat starts a new report only when the
 * earlier one ended without an acknowledgement (refused, or gave up).
 *
 * ShipOrders does the same for each order of a batch, each in its own order's trace (the
 * item's traceparent) and with its own outcome: an injected failure or a bad item fails that
 * order alone.
 *
 * GetReport answers from the ledger.
 */
export function fulfillmentServiceHandlers(deps: FulfillmentServiceDeps): FulfillmentServiceHandlers {
  const { env, ledger, reporter } = deps;
  const random = deps.random ?? Math.random;

  const shipOne = (req: ShipOrderRequest__Output): Promise<ShipOrderResponse> =>
    inSpan('wms.shipOrder', {}, async () => {
      const cmd = validateShipOrder(req);
      const span = trace.getActiveSpan();
      span?.setAttribute('ordermesh.order_id', cmd.orderId);
      if (random() < deps.failureRate) {
        ledger.countInjectedFailure();
        span?.setAttribute('wms.injected_failure', true);
        throw new SimulatedOutageError();
      }
      const { shipment, first } = ledger.accept(cmd);
      span?.setAttributes({ 'ordermesh.shipment_id': shipment.shipmentId, 'wms.first_delivery': first, 'wms.deliveries': shipment.deliveries });
      if (first || shipment.report === 'refused' || shipment.report === 'gave-up') reporter.dispatch(shipment);
      return { orderId: shipment.orderId, shipmentId: shipment.shipmentId, firstDelivery: first };
    });

  return {
    ShipOrder: unary(env, `${SERVICE}/ShipOrder`, (req) => shipOne(req)),
    ShipOrders: unary(env, `${SERVICE}/ShipOrders`, async (req) => {
      const orders = batchItems('orders', req.orders, LIMITS.itemsPerBatch);
      const outcomes = await settleItems(env, `${SERVICE}/ShipOrders`, orders, (order) => context.with(contextFromTraceparent(order.traceparent), () => shipOne(order)));
      return {
        results: outcomes.map(({ value, statusCode, statusMessage }, i) => ({
          orderId: orders[i]!.orderId,
          statusCode,
          statusMessage,
          ...(value ? { shipment: value } : {}),
        })),
      };
    }),
    GetReport: unary(env, `${SERVICE}/GetReport`, async () => ({ report: ledger.report() })),
  };
}
