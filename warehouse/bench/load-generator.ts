/**
 * The load generator of the CreateOrder benchmark, in its own process so that it never shares an
 * event loop with the server it measures. Given a LoadSpec over IPC it keeps `concurrency`
 * CreateOrder calls in flight over `channels` HTTP/2 connections (each worker sticks to one),
 * for a warm-up and then a measured window, and reports:
 *   - progress once a second, 'measure-start' and 'measure-end' (the orchestrator samples CPU
 *     then), and finally the result: calls, errors by status, calls/s and latency percentiles
 *     of the calls that completed inside the measured window.
 * Every order asks for 1 to 3 distinct random skus (1 to 3 units each) with a unique request_id,
 * so rows do not all contend on one sku and every call is a new order.
 */
import * as grpc from '@grpc/grpc-js';
import { randomInt } from 'node:crypto';
import { callUnary, channelOptions, tracingInterceptor } from '../../lib/grpc/index.js';
import { ordermeshV1 } from '../../lib/proto/index.js';
import type { CreateOrderRequest } from '../../lib/proto/generated/ordermesh/v1/CreateOrderRequest.js';
import type { OrderServiceClient } from '../../lib/proto/generated/ordermesh/v1/OrderService.js';
import { onStopRequest, toParent } from './children.js';
import type { LoadResult, LoadSpec, ParentMessage } from './protocol.js';
import { LatencyRecorder } from './stats.js';

/** One client per channel; the local subchannel pool gives each its own TCP/HTTP/2 connection. */
function openClients(spec: LoadSpec): OrderServiceClient[] {
  const OrderService = ordermeshV1().OrderService;
  return Array.from(
    { length: spec.channels },
    () =>
      new OrderService(spec.address, grpc.credentials.createInsecure(), {
        ...channelOptions(),
        'grpc.use_local_subchannel_pool': 1,
        interceptors: [tracingInterceptor],
      }),
  );
}

function waitForReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}

/** A CreateOrder of 1 to 3 distinct random skus. */
function orderRequest(spec: LoadSpec, worker: number, n: number): CreateOrderRequest {
  const lines = 1 + randomInt(3);
  const picked = new Set<string>();
  while (picked.size < lines) picked.add(spec.skus[randomInt(spec.skus.length)] ?? 'BENCH-0000');
  return {
    requestId: `bench-${spec.runId}-${worker}-${n}`,
    customerName: `Bench Customer ${n % 1000}`,
    region: 'HCM',
    items: [...picked].map((sku) => ({ sku, quantity: 1 + randomInt(3) })),
  };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const clients = openClients(spec);
  try {
    await Promise.all(clients.map((c) => waitForReady(c, 10_000)));

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

    const startMeasuring = (): void => {
      phase = 'measure';
      measureStart = phaseStart = performance.now();
      void toParent({ type: 'measure-start' });
      stopTimer = setTimeout(stopMeasuring, spec.durationS * 1000);
    };
    const stopMeasuring = (): void => {
      measureEnd = performance.now();
      phase = 'done';
      void toParent({ type: 'measure-end' });
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
        const request = orderRequest(spec, w, n);
        const started = performance.now();
        let failure: string | undefined;
        try {
          const order = await callUnary(client, client.CreateOrder, request, { deadline: Date.now() + spec.callTimeoutMs });
          if (order.status !== 'RESERVED') failure = `NOT_RESERVED`;
        } catch (err) {
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
      concurrency: spec.concurrency,
      channels: spec.channels,
      calls,
      errors,
      errorsByCode,
      callsPerS: windowS > 0 ? (calls - errors) / windowS : 0,
      windowS,
      warmupCalls,
      warmupErrors,
      ...latencies.summary(),
    };
  } finally {
    for (const c of clients) c.close();
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
