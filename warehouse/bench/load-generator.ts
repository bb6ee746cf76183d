/**
 * The load generator of the benchmarks, in its own process so that it never shares an event loop
 * with the servers it measures. Given a LoadSpec over IPC it keeps `concurrency` calls of one RPC
 * in flight over `channels` HTTP/2 connections (each worker sticks to one), for a warm-up and then
 * a measured window, and reports:
 *   - progress once a second, 'measure-start' and 'measure-end' (the orchestrator samples CPU
 *     then), and finally the result: calls, errors by status, calls/s and latency percentiles
 *     of the calls that completed inside the measured window.
 * The calls, by `spec.rpc`:
 *   - CreateOrder (default): 1 to 3 distinct random skus (1 to 3 units each) with a unique
 *     request_id, in the regions of `spec.regions` in turn, so rows do not all contend on one sku
 *     and every call is a new order;
 *   - GetOrder: one of `spec.orders` at random;
 *   - ConfirmPayment: the next order of `spec.orders` (RESERVED ones), paid with its total and a
 *     unique payment_id, each order once; when none is left the phase ends early;
 *   - GetStock: 1 to 3 random skus of one of `spec.warehouses`;
 *   - ListOrders: a page of 20 RESERVED orders of one of `spec.regions`.
 */
import * as grpc from '@grpc/grpc-js';
import { randomInt } from 'node:crypto';
import { callUnary, channelOptions, tracingInterceptor } from '#lib/grpc/index.js';
import { ordermeshV1 } from '#lib/proto/index.js';
import type { CreateOrderRequest } from '#lib/proto/index.js';
import type { InventoryServiceClient } from '#lib/proto/index.js';
import type { OrderServiceClient } from '#lib/proto/index.js';
import type { PaymentServiceClient } from '#lib/proto/index.js';
import { onStopRequest, toParent } from './children.js';
import type { BenchRpc, LoadResult, LoadSpec, ParentMessage } from './protocol.js';
import { LatencyRecorder } from './stats.js';

/** The clients of one channel: OrderService owns the connection, the others share it. */
interface ChannelClients {
  orders: OrderServiceClient;
  payments: PaymentServiceClient;
  inventory: InventoryServiceClient;
}

/** One connection per channel; the local subchannel pool gives each its own TCP/HTTP/2 connection. */
function openClients(spec: LoadSpec): ChannelClients[] {
  const v1 = ordermeshV1();
  return Array.from({ length: spec.channels }, () => {
    const orders = new v1.OrderService(spec.address, grpc.credentials.createInsecure(), {
      ...channelOptions(),
      'grpc.use_local_subchannel_pool': 1,
      interceptors: [tracingInterceptor],
    });
    const shared = { channelOverride: orders.getChannel(), interceptors: [tracingInterceptor] };
    return {
      orders,
      payments: new v1.PaymentService(spec.address, grpc.credentials.createInsecure(), shared),
      inventory: new v1.InventoryService(spec.address, grpc.credentials.createInsecure(), shared),
    };
  });
}

function waitForReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}

/** 1 to 3 distinct random skus of `skus`. */
function pickSkus(skus: readonly string[]): string[] {
  const count = Math.min(1 + randomInt(3), skus.length);
  const picked = new Set<string>();
  while (picked.size < count) picked.add(skus[randomInt(skus.length)] ?? 'BENCH-0000');
  return [...picked];
}

/** A CreateOrder of 1 to 3 distinct random skus. */
function orderRequest(spec: LoadSpec, worker: number, n: number, region: string): CreateOrderRequest {
  return {
    requestId: `bench-${spec.runId}-${worker}-${n}`,
    customerName: `Bench Customer ${n % 1000}`,
    region,
    items: pickSkus(spec.skus).map((sku) => ({ sku, quantity: 1 + randomInt(3) })),
  };
}

/** Thrown by a call maker when there is nothing left to call with (ConfirmPayment's orders). */
class Exhausted extends Error {}

/**
 * One call of `spec.rpc`: resolves with undefined when the answer is right, with a failure label
 * when it is wrong; rejects with the gRPC error (or Exhausted).
 */
type CallMaker = (clients: ChannelClients, worker: number, n: number, deadline: number) => Promise<string | undefined>;

const PAID_OR_LATER = new Set(['ORDER_STATUS_PAID', 'ORDER_STATUS_FULFILLING', 'ORDER_STATUS_SHIPPED']);

function callMaker(spec: LoadSpec): CallMaker {
  const rpc: BenchRpc = spec.rpc ?? 'CreateOrder';
  const regions = spec.regions?.length ? spec.regions : ['HCM'];
  const orders = spec.orders ?? [];
  const warehouses = spec.warehouses?.length ? spec.warehouses : ['HCM-01'];
  if ((rpc === 'GetOrder' || rpc === 'ConfirmPayment') && orders.length === 0) throw new Error(`${rpc} needs orders in the spec`);
  let turn = 0;
  switch (rpc) {
    case 'CreateOrder':
      return async (c, worker, n, deadline) => {
        const region = regions[turn++ % regions.length] ?? 'HCM';
        const { order } = await callUnary(c.orders, c.orders.CreateOrder, orderRequest(spec, worker, n, region), { deadline });
        return order?.status === 'ORDER_STATUS_RESERVED' ? undefined : 'NOT_RESERVED';
      };
    case 'GetOrder':
      return async (c, _worker, _n, deadline) => {
        const { orderId } = orders[randomInt(orders.length)]!;
        const { order } = await callUnary(c.orders, c.orders.GetOrder, { orderId }, { deadline });
        return order?.orderId === orderId ? undefined : 'WRONG_ORDER';
      };
    case 'ConfirmPayment':
      return async (c, _worker, _n, deadline) => {
        const i = turn++;
        const next = orders[i];
        if (!next) throw new Exhausted();
        const request = { orderId: next.orderId, paymentId: `bench-pay-${spec.runId}-${i}`, amountCents: next.totalCents, succeeded: true };
        const { order } = await callUnary(c.payments, c.payments.ConfirmPayment, request, { deadline });
        return PAID_OR_LATER.has(String(order?.status)) ? undefined : 'NOT_PAID';
      };
    case 'GetStock':
      return async (c, _worker, _n, deadline) => {
        const skus = pickSkus(spec.skus);
        const warehouseId = warehouses[randomInt(warehouses.length)] ?? 'HCM-01';
        const stock = await callUnary(c.inventory, c.inventory.GetStock, { warehouseId, skus }, { deadline });
        return stock.items.length === skus.length ? undefined : 'WRONG_STOCK';
      };
    case 'ListOrders':
      return async (c, _worker, _n, deadline) => {
        const region = regions[randomInt(regions.length)] ?? 'HCM';
        await callUnary(c.orders, c.orders.ListOrders, { region, status: 'ORDER_STATUS_RESERVED', pageSize: 20 }, { deadline });
        return undefined;
      };
  }
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const makeCall = callMaker(spec);
  const clients = openClients(spec);
  try {
    await Promise.all(clients.map((c) => waitForReady(c.orders, 10_000)));

    const latencies = new LatencyRecorder();
    const errorsByCode: Record<string, number> = {};
    let phase: 'warmup' | 'measure' | 'done' = spec.warmupS > 0 ? 'warmup' : 'measure';
    let warmupCalls = 0;
    let warmupErrors = 0;
    let calls = 0;
    let errors = 0;
    let secondCalls = 0;
    let secondErrors = 0;
    let measureStart = performance.now();
    let measureEnd = measureStart;
    let phaseStart = measureStart;
    let exhausted = false;

    const startMeasuring = (): void => {
      phase = 'measure';
      measureStart = phaseStart = performance.now();
      void toParent({ type: 'measure-start' });
      stopTimer = setTimeout(stopMeasuring, spec.durationS * 1000);
    };
    const stopMeasuring = (): void => {
      if (phase !== 'measure') return;
      measureEnd = performance.now();
      phase = 'done';
      void toParent({ type: 'measure-end' });
    };
    /** Nothing left to call with: end the window now (or never open it). */
    const runOut = (): void => {
      exhausted = true;
      clearTimeout(warmupTimer);
      clearTimeout(stopTimer);
      if (phase === 'measure') stopMeasuring();
      else phase = 'done';
    };
    let stopTimer: NodeJS.Timeout | undefined;
    let warmupTimer: NodeJS.Timeout | undefined;
    if (phase === 'warmup') warmupTimer = setTimeout(startMeasuring, spec.warmupS * 1000);
    else startMeasuring();

    const progress = setInterval(() => {
      if (phase === 'done') return;
      const phaseS = phase === 'warmup' ? spec.warmupS : spec.durationS;
      void toParent({ type: 'progress', progress: { phase, elapsedS: (performance.now() - phaseStart) / 1000, phaseS, calls: secondCalls, errors: secondErrors } });
      secondCalls = 0;
      secondErrors = 0;
    }, 1000);

    const worker = async (w: number): Promise<void> => {
      const client = clients[w % clients.length]!;
      for (let n = 0; phase !== 'done'; n++) {
        const started = performance.now();
        let failure: string | undefined;
        try {
          failure = await makeCall(client, w, n, Date.now() + spec.callTimeoutMs);
        } catch (err) {
          if (err instanceof Exhausted) {
            runOut();
            return;
          }
          const code = (err as grpc.ServiceError).code;
          failure = typeof code === 'number' ? (grpc.status[code] ?? `STATUS_${code}`) : 'CLIENT_ERROR';
        }
        const ended = performance.now();
        secondCalls++;
        if (failure) secondErrors++;
        if (phase === 'measure') {
          calls++;
          latencies.add(ended - started);
          if (failure) {
            errors++;
            errorsByCode[failure] = (errorsByCode[failure] ?? 0) + 1;
          }
        } else if (phase === 'warmup') {
          warmupCalls++;
          if (failure) warmupErrors++;
        }
        // A server that is down fails calls at once: do not spin.
        if (failure === 'UNAVAILABLE') await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, (_, w) => worker(w)));
    clearInterval(progress);
    clearTimeout(warmupTimer);
    clearTimeout(stopTimer);

    const windowS = (measureEnd - measureStart) / 1000;
    return {
      target: spec.target,
      rpc: spec.rpc ?? 'CreateOrder',
      concurrency: spec.concurrency,
      channels: spec.channels,
      calls,
      errors,
      errorsByCode,
      callsPerS: windowS > 0 ? (calls - errors) / windowS : 0,
      windowS,
      warmupCalls,
      warmupErrors,
      exhausted,
      ...latencies.summary(),
    };
  } finally {
    for (const c of clients) c.orders.close();
  }
}

onStopRequest(() => process.exit(0));
process.on('message', (m: ParentMessage) => {
  if (m.type !== 'run') return;
  run(m.spec).then(
    async (result) => {
      await toParent({ type: 'result', result });
      process.exit(0);
    },
    async (err: unknown) => {
      await toParent({ type: 'failed', message: `load generator failed: ${(err as Error).message}` });
      process.exit(1);
    },
  );
});
void toParent({ type: 'ready', address: '' });
