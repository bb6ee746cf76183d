/**
 * The "cost as work grows" part of `npm run bench:warehouse -- --scale 0,1000000,5000000`:
 * puts that many orders into the benchmark's database (set-based SQL, in chunks, with progress),
 * samples existing orders for GetOrder, and times single ListOrders and GetStats calls at each
 * size. The throughput phases themselves are the benchmark's own (create-order.bench.ts).
 */
import postgres from 'postgres';
import { callUnary, type OrdermeshClients } from '#lib/grpc/index.js';
import type { BenchOrder } from './protocol.js';

/** Orders put in per INSERT: big enough to be quick, small enough to show progress. */
const SEED_CHUNK = 250_000;

/** The id of seeded order number `n`: `HCM-` and 26 characters of Crockford base32 (hex digits are). */
export function seededOrderId(n: number): string {
  return `HCM-0${n.toString(16).toUpperCase().padStart(25, '0')}`;
}

/**
 * Brings the number of seeded orders to `target` (orders the benchmark placed itself are not
 * counted): SHIPPED 70%, CANCELLED 20%, REJECTED 10%, created over the last 30 days, one line of
 * one of `skus` each. These rows are for the cost of reads and writes only; they are not a
 * consistent book (no payments, no stock moved).
 * @param seeded how many are there already.
 */
export async function seedOrders(sql: postgres.Sql, seeded: number, target: number, skus: readonly string[], progress: (line: string) => void): Promise<void> {
  for (let from = seeded; from < target; from += SEED_CHUNK) {
    const to = Math.min(target, from + SEED_CHUNK) - 1;
    await sql.begin((tx) => [
      tx`INSERT INTO orders (order_id, request_id, customer_name, region, status, warehouse_id, node_id, total_cents, fingerprint, created_at, updated_at)
         SELECT 'HCM-0' || lpad(upper(to_hex(g)), 25, '0'), '', 'seeded', 'HCM',
                (CASE WHEN g % 10 < 7 THEN 'SHIPPED' WHEN g % 10 < 9 THEN 'CANCELLED' ELSE 'REJECTED' END)::order_status,
                'HCM-01', 'seed', 1000, 'seed', now() - make_interval(secs => (g % 2592000)), now()
         FROM generate_series(${from}::bigint, ${to}::bigint) g`,
      tx`INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents)
         SELECT 'HCM-0' || lpad(upper(to_hex(g)), 25, '0'), 1, (${tx.array([...skus])}::text[])[1 + g % ${skus.length}], 1, 1000
         FROM generate_series(${from}::bigint, ${to}::bigint) g`,
    ]);
    progress(`seeded ${(to + 1).toLocaleString('en')} of ${target.toLocaleString('en')} orders`);
  }
  if (target > seeded) await sql`ANALYZE orders; ANALYZE order_items`.simple();
}

/** `count` seeded orders picked evenly over the first `seeded`, for GetOrder. */
export function sampleSeededOrders(seeded: number, count: number): BenchOrder[] {
  const step = Math.max(1, Math.floor(seeded / count));
  return Array.from({ length: Math.min(count, seeded) }, (_, i) => ({ orderId: seededOrderId((i * step + 7) % seeded), totalCents: 1000 }));
}

/** Median and slowest of `samples` sequential calls, in milliseconds. */
export interface CallTimes {
  medianMs: number;
  maxMs: number;
  samples: number;
}

async function timeCalls(samples: number, call: () => Promise<unknown>): Promise<CallTimes> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)] ?? 0, maxMs: times.at(-1) ?? 0, samples };
}

/** ListOrders (first page of 100, newest first, of region HCM, and of its SHIPPED orders) and GetStats, one call at a time. */
export async function timeReads(clients: OrdermeshClients): Promise<{ listOrders: CallTimes; listShipped: CallTimes; getStats: CallTimes }> {
  const deadline = (): number => Date.now() + 60_000;
  // One of each first, so that no figure includes a cold cache of the connection or plan.
  await callUnary(clients.orders, clients.orders.ListOrders, { region: 'HCM', pageSize: 100 }, { deadline: deadline() });
  await callUnary(clients.node, clients.node.GetNodeStats, {}, { deadline: deadline() });
  return {
    listOrders: await timeCalls(20, () => callUnary(clients.orders, clients.orders.ListOrders, { region: 'HCM', pageSize: 100 }, { deadline: deadline() })),
    listShipped: await timeCalls(20, () => callUnary(clients.orders, clients.orders.ListOrders, { region: 'HCM', status: 'ORDER_STATUS_SHIPPED', pageSize: 100 }, { deadline: deadline() })),
    getStats: await timeCalls(10, () => callUnary(clients.node, clients.node.GetNodeStats, {}, { deadline: deadline() })),
  };
}
