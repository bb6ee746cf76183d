import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { auditBooks } from '../warehouse/src/audit/index.js';
import type { SimulationSummary } from '../ecom-sim/src/index.js';
import { spawnOrdermesh, TestCluster } from './harness/index.js';

/**
 * The run of issue 13 that broke the cluster, bounded: ecom-sim with 200 calls in flight against
 * the whole cluster as real processes (gateway, three nodes, wms-sim). It used to answer
 * thousands of calls INTERNAL ("sorry, too many clients already"), fail payments, and strand
 * paid orders in FULFILLING.
 */
describe('the cluster with 200 calls in flight, across real processes', { timeout: 600_000 }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start({ wmsSim: true });
  });
  after(() => cluster?.stop());

  it('should answer no call INTERNAL, bring every acknowledged order to a final status and keep the stock balanced', async () => {
    // At 200 in flight on a small host, shipping lags placing by a minute or more (every order
    // waits its turn for CPU); ecom-sim gets long enough to see each order final, which is the
    // point: none is stranded, none fails.
    const sim = spawnOrdermesh(
      'ecom-sim',
      ['ecom-sim', '--target', cluster.gateway(), '--orders', '1200', '--concurrency', '200', '--payment-delay-ms', '0-50', '--settle-timeout-ms', '240000', '--json'],
      { ORDERMESH_LOG_LEVEL: 'warn' },
    );
    const code = await sim.exited;
    const output = sim.output();
    const line = output.split('\n').find((l) => l.startsWith('{"target"'));
    assert.ok(line, `ecom-sim printed its summary (exit ${code}):\n${output.slice(-2000)}`);
    const summary = JSON.parse(line) as SimulationSummary;
    const context = JSON.stringify({ orders: summary.orders, payments: summary.payments, failedCalls: summary.failedCalls });

    assert.equal(summary.failedCalls.INTERNAL ?? 0, 0, `no call answered INTERNAL: ${context}`);
    assert.equal(summary.failedCalls.UNKNOWN ?? 0, 0, context);
    assert.equal(summary.orders.lost, 0, context);
    assert.equal(summary.orders.stuck, 0, `every acknowledged order final: ${context}`);
    assert.ok(summary.orders.acknowledged > 0, context);
    assert.equal(code, 0, `ecom-sim exits 0: ${context}`);

    // The books, as `ordermesh check` audits them: stock, payments, shipments, outbox, money.
    const sql = postgres(cluster.database.url, { max: 1, onnotice: () => undefined });
    try {
      const report = await auditBooks(sql);
      assert.deepEqual(report.checks.filter((c) => c.violations > 0), [], 'ordermesh check finds the books balanced');
      const open = await sql`SELECT status, count(*)::int AS n FROM orders WHERE status IN ('PAID', 'FULFILLING') GROUP BY status`;
      assert.deepEqual([...open], [], 'no paid order left unshipped');
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
