import type * as grpc from '@grpc/grpc-js';
import { callUnary, connectFulfillment, entityOf, MAX_MESSAGE_BYTES } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import type { FulfillmentReport__Output } from '#lib/proto/index.js';
import type { FulfillmentServiceClient } from '#lib/proto/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import type { ShipOrderRequest } from '#lib/proto/index.js';
import type { ShipOrderResponse__Output } from '#lib/proto/index.js';
import type { WmsSimConfig } from '../config.js';
import { WmsSim, type WmsSimOptions } from '../wms-sim.js';

/** A wms-sim started for one test on a free port. */
export interface TestWmsSim {
  address: string;
  sim: WmsSim;
  client: FulfillmentServiceClient;
  config: WmsSimConfig;
  shipOrder(request: ShipOrderRequest, metadata?: grpc.Metadata): Promise<ShipOrderResponse__Output>;
  report(): Promise<FulfillmentReport__Output>;
  /** Stops it (graceful shutdown) and resolves once it has stopped; idempotent. */
  stop(): Promise<void>;
}

/** The configuration of a test wms-sim: no injected failures, short delays, no restocking. */
export function testWmsSimConfig(gatewayAddress: string, overrides: Partial<WmsSimConfig> = {}): WmsSimConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    metricsPort: undefined,
    etcdEndpoints: [],
    etcdPrefix: '/ordermesh/v1/',
    advertiseAddress: undefined,
    gatewayAddress,
    failureRate: 0,
    pickDelayMs: { minMs: 5, maxMs: 30 },
    skuCount: 5,
    warehouses: ['HCM-01', 'HCM-02', 'HN-01', 'DN-01'],
    initialStock: 500,
    restockIntervalMs: 0,
    restockBelow: 100,
    restockUnits: 400,
    seed: 42,
    reportRetryMs: 20_000,
    callTimeoutMs: 2_000,
    shutdownGraceMs: 2_000,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    logLevel: 'silent',
    otelEnv: {},
    ...overrides,
  };
}

const deadline = (): number => Date.now() + 10_000;

/** Starts a wms-sim against `gatewayAddress` and connects a FulfillmentService client to it. */
export async function startTestWmsSim(
  gatewayAddress: string,
  overrides: Partial<WmsSimConfig> = {},
  options: WmsSimOptions & { log?: Logger } = {},
): Promise<TestWmsSim> {
  const config = testWmsSimConfig(gatewayAddress, overrides);
  const sim = new WmsSim(config, options.log ?? silentLogger(), options);
  const controller = new AbortController();
  const running = sim.start(controller.signal);
  running.catch(() => undefined);
  const { address } = await sim.ready;
  const client = connectFulfillment(address);
  let stopped: Promise<void> | undefined;
  return {
    address,
    sim,
    client,
    config,
    shipOrder: (request, metadata) => callUnary(client, client.ShipOrder, request, { deadline: deadline(), ...(metadata ? { metadata } : {}) }),
    report: async () => entityOf(await callUnary(client, client.GetReport, {}, { deadline: deadline() }), 'report'),
    stop: () =>
      (stopped ??= (async () => {
        client.close();
        controller.abort();
        await running.catch(() => undefined);
      })()),
  };
}

/** The ShipOrder request ordermesh's outbox would send for `order`. */
export function shipOrderRequestFor(order: Order__Output): ShipOrderRequest {
  return { orderId: order.orderId, idempotencyKey: `ship-${order.orderId}`, warehouseId: order.warehouseId, items: order.items };
}
