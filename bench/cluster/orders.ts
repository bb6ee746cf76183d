/**
 * The orders the GetOrder and ConfirmPayment phases need, made beforehand; and the wait for paid
 * orders to ship after a ConfirmPayment phase.
 */
import type postgres from 'postgres';
import { sleep } from '#lib/runtime/index.js';
import type { BenchOrder } from '#warehouse/bench/protocol.js';
import { fmt } from '#warehouse/bench/report.js';
import { runLoad } from './measure.js';
import { progressLine } from './progress.js';
import type { RunResults } from './results.js';
import { straightAddress, type Services } from './services.js';
import type { Settings } from './settings.js';
import { REGIONS } from './workload.js';

/** How long paid orders may take to ship after a ConfirmPayment phase before the run goes on anyway. */
const SHIPPING_WAIT_LIMIT_MS = 120_000;

/** Orders in the database, oldest first (RESERVED bench orders) or newest first (any). */
export async function readOrders(sql: postgres.Sql, reservedOnly: boolean, limit: number): Promise<BenchOrder[]> {
  const rows = reservedOnly
    ? await sql<Array<{ order_id: string; total_cents: string }>>`
        SELECT order_id, total_cents FROM orders WHERE status = 'RESERVED' AND request_id LIKE 'bench-%' ORDER BY created_at LIMIT ${limit}`
    : await sql<Array<{ order_id: string; total_cents: string }>>`SELECT order_id, total_cents FROM orders ORDER BY created_at DESC LIMIT ${limit}`;
  return rows.map((r) => ({ orderId: r.order_id, totalCents: Number(r.total_cents) }));
}

/**
 * At least `need` orders (RESERVED bench orders when `reservedOnly`), creating the missing ones
 * first with an unmeasured CreateOrder load at the straight node (orders of every region).
 */
export async function ensureOrders(settings: Settings, services: Services, need: number, reservedOnly: boolean, createRate: number | undefined): Promise<BenchOrder[]> {
  let orders = await readOrders(services.sql, reservedOnly, need);
  for (let attempt = 0; attempt < 3 && orders.length < need; attempt++) {
    const missing = need - orders.length;
    const seconds = Math.min(60, Math.max(2, Math.ceil((1.3 * missing) / (createRate ?? 200)) + 1));
    progressLine(`preparing ${missing} ${reservedOnly ? 'RESERVED ' : ''}orders (unmeasured CreateOrder load for ${seconds} s)`);
    const { result } = await runLoad(settings, services, {
      label: 'preparing orders',
      target: 'prepare',
      address: straightAddress(services),
      rpc: 'CreateOrder',
      regions: REGIONS,
      concurrency: settings.concurrency,
      warmupS: 0,
      durationS: seconds,
    });
    if (result.callsPerS > 0) createRate = result.callsPerS;
    orders = await readOrders(services.sql, reservedOnly, need);
  }
  if (orders.length < need) progressLine(`only ${orders.length} of ${need} orders could be prepared; the phase may end early`);
  return orders;
}

/** Waits until no order is PAID or FULFILLING (the outbox delivered them and wms-sim shipped them). */
export async function waitForShipping(sql: postgres.Sql, after: string): Promise<RunResults['shipping'][number]> {
  const started = performance.now();
  const count = async (): Promise<number> => Number((await sql<Array<{ n: string }>>`SELECT count(*) AS n FROM orders WHERE status IN ('PAID', 'FULFILLING')`)[0]?.n ?? 0);
  let left = await count();
  const unshippedAtEnd = left;
  if (left > 0) progressLine(`${after}: waiting for ${left} paid orders to ship (outbox → wms-sim → SHIPPED) before the next phase`);
  let lastSaid = performance.now();
  while (left > 0 && performance.now() - started < SHIPPING_WAIT_LIMIT_MS) {
    await sleep(250);
    left = await count();
    if (performance.now() - lastSaid > 5_000) {
      progressLine(`${after}: ${left} paid orders not shipped yet`);
      lastSaid = performance.now();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (left > 0) progressLine(`${after}: ${left} orders still not shipped after ${fmt(seconds, 0)} s; going on`);
  else progressLine(`${after}: all shipped after ${fmt(seconds, 1)} s`);
  return { after, unshippedAtEnd, seconds, leftUnshipped: left };
}
