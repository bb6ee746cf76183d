import * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { callUnary, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import { sleep } from '#lib/runtime/index.js';

/** Codes after which the same request (same request_id / payment_id) is sent again: safe, since both are idempotent. */
const RETRYABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.RESOURCE_EXHAUSTED]);

/** What an order + payment load saw; times are Date.now() values. */
export interface OrderPaymentLoadResult {
  /** Orders the gateway acknowledged, with when the acknowledging call started and ended. */
  orders: Array<{ orderId: string; requestId: string; startedAt: number; ackedAt: number }>;
  /** Payments acknowledged (answered OK): the order must be PAID or later from then on. */
  payments: Array<{ orderId: string; paymentId: string; ackedAt: number }>;
  /** Failed attempts by status name (each was retried while the load ran). */
  failures: Map<string, number>;
  /** Requests given up when the load stopped while they were still failing. */
  abandoned: number;
}

/**
 * A steady shop load through `clients` (the gateway): `concurrency` callers each place an order
 * (CreateOrder, one sku, quantity 1) and pay it in full (ConfirmPayment), as a shop and its
 * payment provider do. A call failing with a retryable status is sent again with the same
 * request_id / payment_id after a short pause, until acknowledged or `signal` aborts, so every
 * write is eventually acknowledged or counted abandoned; any other status fails the load (a
 * database failover must never answer INTERNAL or change the books).
 * Returns at once: `live` fills as acknowledgements come (for timing a fault), `done` resolves
 * with the same object once every caller has stopped.
 */
export function startOrderPaymentLoad(
  clients: OrdermeshClients,
  skus: readonly string[],
  concurrency: number,
  signal: AbortSignal,
): { live: OrderPaymentLoadResult; done: Promise<OrderPaymentLoadResult> } {
  const result: OrderPaymentLoadResult = { orders: [], payments: [], failures: new Map(), abandoned: 0 };
  const regions = ['HCM', 'HN', 'DN'];
  const run = randomBytes(4).toString('hex');
  let n = 0;
  /** Calls `send` until it answers, retrying retryable codes; undefined when the load stopped first. */
  const untilAcknowledged = async <T>(send: (deadline: number) => Promise<T>): Promise<{ answer: T; startedAt: number } | undefined> => {
    for (;;) {
      if (signal.aborted) {
        result.abandoned += 1;
        return undefined;
      }
      const startedAt = Date.now();
      try {
        return { answer: await send(startedAt + 5_000), startedAt };
      } catch (err) {
        const e = err as grpc.ServiceError;
        const name = grpc.status[e.code] ?? String(e.code);
        result.failures.set(name, (result.failures.get(name) ?? 0) + 1);
        if (!RETRYABLE.has(e.code)) throw new Error(`a ${name} answer is not retryable: ${e.details}`, { cause: err });
        await sleep(100, signal).catch(() => undefined);
      }
    }
  };
  const worker = async (): Promise<void> => {
    while (!signal.aborted) {
      const i = n++;
      const requestId = `ha-${run}-${i}`;
      const created = await untilAcknowledged((deadline) =>
        callUnary(
          clients.orders,
          clients.orders.CreateOrder,
          { requestId, customerName: `customer ${i}`, region: regions[i % regions.length] ?? 'HCM', items: [{ sku: skus[i % skus.length] ?? 'SKU', quantity: 1 }] },
          { deadline },
        ),
      );
      if (!created) return;
      const order = entityOf(created.answer, 'order');
      result.orders.push({ orderId: order.orderId, requestId, startedAt: created.startedAt, ackedAt: Date.now() });
      if (order.status !== 'ORDER_STATUS_RESERVED') continue;
      const paymentId = `pay-${requestId}`;
      const paid = await untilAcknowledged((deadline) =>
        callUnary(clients.payments, clients.payments.ConfirmPayment, { orderId: order.orderId, paymentId, amountCents: order.totalCents, succeeded: true }, { deadline }),
      );
      if (paid) result.payments.push({ orderId: order.orderId, paymentId, ackedAt: Date.now() });
    }
  };
  return { live: result, done: Promise.all(Array.from({ length: concurrency }, worker)).then(() => result) };
}
