import * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { callUnary, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import type { Order__Output } from '#lib/proto/index.js';

/** What a steady load saw. */
export interface LoadResult {
  /** Orders the gateway acknowledged (answered OK). */
  acknowledged: Order__Output[];
  /** Calls that failed, with their status. */
  failures: Array<{ code: grpc.status; details: string }>;
}

/**
 * Places orders through `clients` (the gateway) with `concurrency` callers until `signal`
 * aborts: a steady load for failover tests. Each call has a 10 s deadline.
 */
export async function runSteadyLoad(clients: OrdermeshClients, skus: string[], concurrency: number, signal: AbortSignal): Promise<LoadResult> {
  const result: LoadResult = { acknowledged: [], failures: [] };
  const regions = ['HCM', 'HN', 'DN'];
  // Request ids unique to this run: a reused id would return an earlier run's order.
  const run = randomBytes(4).toString('hex');
  let n = 0;
  const worker = async (): Promise<void> => {
    while (!signal.aborted) {
      const i = n++;
      const request = {
        requestId: `load-${run}-${i}`,
        customerName: `customer ${i}`,
        region: regions[i % regions.length] ?? 'HCM',
        items: [{ sku: skus[i % skus.length] ?? 'SKU', quantity: 1 }],
      };
      try {
        result.acknowledged.push(entityOf(await callUnary(clients.orders, clients.orders.CreateOrder, request, { deadline: Date.now() + 10_000 }), 'order'));
      } catch (err) {
        const e = err as grpc.ServiceError;
        result.failures.push({ code: e.code, details: e.details });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
