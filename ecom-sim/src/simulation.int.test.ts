import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '#lib/testing/index.js';
import { calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';
import { loadEcomSimConfig } from './config.js';
import { CSV_COLUMNS } from './csv.js';
import { CatalogueUnavailableError } from './errors.js';
import { EXIT, exitCodeOf, runEcomSim } from './main.js';
import type { RequestRecord } from './request-record.js';
import type { OrderStatusName } from './order-statuses.js';
import type { SimulationProgress } from './progress.js';
import { runSimulation } from './simulation.js';
import type { SimulationSummary } from './summary.js';

/** Without wms-sim nothing ships, so in these tests PAID is as far as an order goes. */
const PAID_IS_FINAL: OrderStatusName[] = ['PAID', 'SHIPPED', 'CANCELLED', 'REJECTED'];

const sum = (counts: Partial<Record<string, number>>): number => Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

/** Collects what a writable stream is sent, as process.stdout would be. */
function capture(): { write(text: string): boolean; text(): string } {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text) > 0, text: () => chunks.join('') };
}

describe('ecom-sim against a real warehouse node', { timeout: 120_000 }, () => {
  let wh: TestWarehouse;
  let api: ReturnType<typeof calls>;
  let dir: string;

  before(async () => {
    wh = await startTestWarehouse();
    api = calls(wh.clients);
    dir = await mkdtemp(join(tmpdir(), 'ecom-sim-'));
    const items = Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i + 1}`, onHand: 100_000, unitPriceCents: 500 + i * 100 }));
    for (const warehouseId of ['HCM-01', 'HN-01', 'DN-01']) await api.setStock({ warehouseId, items });
  });
  after(async () => {
    await wh?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('should spread its calls over --connections connections, each order on one of them', async (t) => {
    // A TCP relay in front of the node that counts the connections made through it.
    let opened = 0;
    const [host, port] = wh.address.split(':');
    const relay = createServer((inbound) => {
      opened++;
      const outbound = connect(Number(port), host);
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    t.after(() => relay.close());
    const target = `127.0.0.1:${(relay.address() as AddressInfo).port}`;
    const summary = await runSimulation({ target, orders: 12, concurrency: 6, connections: 3, paymentDelayMs: [0, 10], seed: 3, finalStatuses: PAID_IS_FINAL, pollIntervalMs: 50, settleTimeoutMs: 20_000 });
    assert.equal(summary.orders.acknowledged, 12);
    assert.equal(summary.ok, true);
    assert.equal(opened, 3, 'one connection each, not one shared by grpc-js');
  });

  it('should place 50 orders, decline about 20% of payments, and account for every order', async () => {
    const records: RequestRecord[] = [];
    const phases = new Set<string>();
    const summary = await runSimulation(
      { target: wh.address, orders: 50, concurrency: 8, paymentDelayMs: [0, 30], paymentFailureRate: 0.2, seed: 7, finalStatuses: PAID_IS_FINAL, pollIntervalMs: 50, settleTimeoutMs: 20_000 },
      { onRequest: (r) => records.push(r), onProgress: (p: SimulationProgress) => phases.add(p.phase), progressIntervalMs: 20 },
    );
    const o = summary.orders;
    assert.deepEqual([o.placed, o.acknowledged, o.notAcknowledged, o.lost, o.stuck], [50, 50, 0, 0, 0]);
    assert.equal(summary.ok, true);
    assert.equal(exitCodeOf(summary), EXIT.ok);
    assert.equal(sum(o.byStatus), o.acknowledged, 'every acknowledged order has exactly one status');
    assert.ok((o.byStatus.CANCELLED ?? 0) >= 1, 'seed 7 declines at least one payment');
    assert.equal(o.byStatus.CANCELLED, summary.payments.declined);
    assert.equal(o.byStatus.PAID, summary.payments.succeeded);
    assert.equal(summary.payments.sent, 50 - (o.byStatus.REJECTED ?? 0));
    assert.deepEqual(summary.failedCalls, {});
    assert.deepEqual(
      summary.nodes.map((n) => [n.nodeId, n.orders]),
      [['test-1', 50]],
    );
    assert.equal(summary.orderToFinal.count, 50);
    assert.deepEqual([...phases].sort(), ['catalogue', 'done', 'placing', 'settling']);

    // The summary agrees with the records, and the records with the database.
    const created = records.filter((r) => r.rpc === 'CreateOrder' && r.code === 'OK');
    assert.equal(created.length, 50);
    assert.equal(new Set(created.map((r) => r.orderId)).size, 50);
    for (const rpc of ['CreateOrder', 'ConfirmPayment', 'GetOrder'] as const) {
      assert.equal(summary.latency.find((l) => l.rpc === rpc)?.calls, records.filter((r) => r.rpc === rpc).length);
    }
    const stored = await wh.database.sql<{ order_id: string; status: string }[]>`
      SELECT order_id, status FROM orders WHERE request_id = ANY(${created.map((r) => r.requestId)})`;
    assert.equal(stored.length, 50);
    const byStatus: Record<string, number> = {};
    for (const row of stored) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    assert.deepEqual(byStatus, o.byStatus);

    // One trace per order: every call of an order carries the order's own trace id, and the node
    // stored that same trace id with the order (so the context crossed the wire).
    for (const c of created.slice(0, 10)) {
      const mine = records.filter((r) => r.orderId === c.orderId);
      assert.match(c.traceId, /^[0-9a-f]{32}$/);
      assert.ok(mine.every((r) => r.traceId === c.traceId));
      assert.equal((await api.getOrder(c.orderId)).traceId, c.traceId);
    }
    assert.equal(new Set(created.map((r) => r.traceId)).size, 50, 'each order is a trace of its own');
  });

  it('should print the JSON summary alone on stdout, write every request to the CSV, and exit 1 when PAID orders never ship', async () => {
    const csvPath = join(dir, 'requests.csv');
    const config = loadEcomSimConfig(
      { target: wh.address, orders: '20', concurrency: '4', 'payment-delay-ms': '0-20', 'payment-failure-rate': '0.2', seed: '3', 'settle-timeout-ms': '300', csv: csvPath, json: true },
      { ORDERMESH_ECOM_POLL_INTERVAL_MS: '50' },
    );
    const stdout = capture();
    const stderr = capture();
    const code = await runEcomSim(config, { stdout, stderr });

    const summary = JSON.parse(stdout.text()) as SimulationSummary;
    assert.equal(stdout.text().trim().split('\n').length, 1, 'stdout holds the one JSON object and nothing else');
    assert.match(stderr.text(), /orders/, 'progress went to stderr');
    const paid = summary.orders.byStatus.PAID ?? 0;
    assert.ok(paid > 0);
    assert.equal(summary.orders.stuck, paid, 'with the default final statuses, PAID orders are stuck');
    assert.equal(summary.orders.lost, 0);
    assert.equal(summary.ok, false);
    assert.equal(code, EXIT.failed);

    const [header, ...rows] = (await readFile(csvPath, 'utf8')).trimEnd().split('\n');
    assert.equal(header, CSV_COLUMNS.join(','));
    const parsed = rows.map((line) => Object.fromEntries(line.split(',').map((v, i) => [CSV_COLUMNS[i], v])) as Record<(typeof CSV_COLUMNS)[number], string>);
    assert.equal(parsed.length, summary.latency.reduce((n, l) => n + l.calls, 0), 'one row per request');
    const createdIds = parsed.filter((r) => r.rpc === 'CreateOrder' && r.status_code === 'OK').map((r) => r.order_id);
    assert.equal(createdIds.length, summary.orders.acknowledged);
    const paidFor = new Set(parsed.filter((r) => r.rpc === 'ConfirmPayment' && r.status_code === 'OK').map((r) => r.order_id));
    assert.equal(paidFor.size, summary.payments.sent);
    for (const row of parsed) {
      assert.ok(!Number.isNaN(Date.parse(row.start_time)));
      assert.ok(Number(row.latency_ms) >= 0);
      if (row.status_code === 'OK') assert.equal(row.node, 'test-1');
    }
  });

  it('should stop placing at the rate cap within the duration when no count is given', async () => {
    const summary = await runSimulation({ target: wh.address, durationS: 1, ratePerS: 10, paymentDelayMs: [0, 0], paymentFailureRate: 0, finalStatuses: PAID_IS_FINAL, pollIntervalMs: 50 });
    // Slots at 0, 100, ..., 1000 ms at most: the cap can not be exceeded however fast the node is.
    assert.ok(summary.orders.placed >= 1 && summary.orders.placed <= 11, `placed ${summary.orders.placed}`);
    assert.equal(summary.orders.acknowledged, summary.orders.placed);
    assert.equal(summary.ok, true);
  });

  it('should stop early when its signal aborts, pay what it placed, and say it was interrupted', async () => {
    const stop = new AbortController();
    const summary = await runSimulation(
      { target: wh.address, orders: 10_000, concurrency: 4, ratePerS: 200, paymentDelayMs: [5_000, 5_000], finalStatuses: PAID_IS_FINAL },
      {
        signal: stop.signal,
        onProgress: (p) => {
          if (p.acknowledged >= 5) stop.abort();
        },
        progressIntervalMs: 10,
      },
    );
    assert.equal(summary.interrupted, true);
    assert.ok(summary.orders.placed < 10_000);
    assert.equal(summary.orders.lost, 0);
    // The 5 s payment delay was cut short: every acknowledged order that was RESERVED was paid.
    assert.equal(summary.payments.sent, summary.orders.acknowledged - (summary.orders.byStatus.REJECTED ?? 0));
    assert.equal(summary.payments.failed, 0);
    assert.equal(exitCodeOf(summary), EXIT.interrupted);
  });

  it('should report an acknowledged order that disappears as lost, and fail the run', async () => {
    let victim: Promise<string> | undefined;
    const summary = await runSimulation(
      { target: wh.address, orders: 5, concurrency: 1, paymentDelayMs: [300, 300], paymentFailureRate: 0, finalStatuses: PAID_IS_FINAL, pollIntervalMs: 50 },
      {
        onRequest: (r) => {
          // The first acknowledged order vanishes from the system of record, long before anything reads it back.
          if (r.rpc === 'CreateOrder' && r.code === 'OK' && !victim) {
            victim = wh.database.sql`DELETE FROM orders WHERE order_id = ${r.orderId}`.then(() => r.orderId);
          }
        },
      },
    );
    const lostId = await victim;
    assert.deepEqual([summary.orders.acknowledged, summary.orders.lost, summary.orders.lostOrderIds], [5, 1, [lostId]]);
    assert.equal(sum(summary.orders.byStatus) + summary.orders.lost, summary.orders.acknowledged);
    assert.equal(summary.ok, false);
    assert.equal(exitCodeOf(summary), EXIT.failed);
    assert.ok((summary.failedCalls.NOT_FOUND ?? 0) >= 1);
  });

  it('should give up with a clear error when the target serves no catalogue', async () => {
    const port = await freePort();
    await assert.rejects(runSimulation({ target: `127.0.0.1:${port}`, orders: 1, catalogueTimeoutMs: 1_000 }), (err: unknown) => {
      assert.ok(err instanceof CatalogueUnavailableError);
      assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      assert.match(err.lastProblem, /UNAVAILABLE/);
      return true;
    });
  });
});
