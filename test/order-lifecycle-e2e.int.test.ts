import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary, connectFulfillment, entityOf } from '#lib/grpc/index.js';
import type { FulfillmentReport__Output } from '#lib/proto/index.js';
import type { StockLevel__Output } from '#lib/proto/index.js';
import { spawnOrdermesh, TestCluster } from './harness/index.js';

/**
 * The lifecycle suite, once in plaintext and once with `tls`: every process with its own
 * certificate, every call between them mutual TLS and authorized (ecom-sim as the shop, wms-sim
 * as fulfilment, the test's own calls as the operator).
 */
function lifecycleSuite(name: string, tls: boolean): void {
  describe(name, { timeout: 300_000 }, () => {
    let cluster: TestCluster;
    let summary: { orders: { acknowledged: number; lost: number; stuck: number; byStatus: Record<string, number> } };
    let report: FulfillmentReport__Output;
    let stock: StockLevel__Output[];
    let statuses: Map<string, string>;

    before(async () => {
      cluster = await TestCluster.start({
        wmsSim: true,
        tls,
        env: { ORDERMESH_WMS_FAILURE_RATE: '0.1', ORDERMESH_WMS_PICK_DELAY_MS: '10-100', ORDERMESH_WMS_RESTOCK_INTERVAL_MS: '500', ORDERMESH_WMS_INITIAL_STOCK: '30' },
      });
      const sim = spawnOrdermesh(
        'ecom-sim',
        ['ecom-sim', '--target', cluster.gateway(), '--orders', '200', '--concurrency', '10', '--payment-failure-rate', '0.2', '--payment-delay-ms', '10-100', '--json'],
        cluster.tlsEnv('ecom-sim'),
      );
      const code = await sim.exited;
      summary = JSON.parse(sim.output().trim().split('\n').filter((l) => l.startsWith('{')).at(-1) ?? '{}') as typeof summary;
      assert.equal(code, 0, `ecom-sim failed:\n${sim.output().slice(-3000)}`);
      const wms = connectFulfillment(cluster.wmsAddress, undefined, cluster.credentials);
      try {
        report = entityOf(await callUnary(wms, wms.GetReport, {}, { deadline: Date.now() + 10_000 }), 'report');
      } finally {
        wms.close();
      }
      const gateway = cluster.connect(cluster.gateway());
      stock = [];
      let pageToken = '';
      do {
        const page = await callUnary(gateway.inventory, gateway.inventory.GetStock, { pageSize: 1000, pageToken }, { deadline: Date.now() + 10_000 });
        stock.push(...page.items);
        pageToken = page.nextPageToken;
      } while (pageToken);
      statuses = new Map();
      pageToken = '';
      do {
        const page = await callUnary(gateway.orders, gateway.orders.ListOrders, { pageSize: 1000, pageToken }, { deadline: Date.now() + 10_000 });
        for (const o of page.orders) statuses.set(o.orderId, o.status);
        pageToken = page.nextPageToken;
      } while (pageToken);
    });
    after(() => cluster.stop());

    it('should bring all 200 orders to SHIPPED, CANCELLED or REJECTED, losing none', () => {
      assert.equal(summary.orders.acknowledged, 200);
      assert.equal(summary.orders.lost, 0);
      assert.equal(summary.orders.stuck, 0);
      assert.equal(statuses.size, 200);
      const counts: Record<string, number> = {};
      for (const s of statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
      assert.deepEqual(Object.keys(counts).filter((s) => !['ORDER_STATUS_SHIPPED', 'ORDER_STATUS_CANCELLED', 'ORDER_STATUS_REJECTED'].includes(s)), [], JSON.stringify(counts));
      assert.ok((counts.ORDER_STATUS_SHIPPED ?? 0) > 0 && (counts.ORDER_STATUS_CANCELLED ?? 0) > 0, JSON.stringify(counts));
    });

    it('should balance stock for every sku: initial + restocks = on_hand + shipped, nothing left reserved', () => {
      const added = new Map(report.stockAdded.map((a) => [`${a.warehouseId}/${a.sku}`, a.units]));
      assert.ok(stock.length > 0);
      for (const level of stock) {
        const key = `${level.warehouseId}/${level.sku}`;
        assert.equal(level.reserved, 0, `${key} has units left reserved`);
        assert.equal(level.onHand + level.shipped, added.get(key), `${key}: on_hand ${level.onHand} + shipped ${level.shipped} != added ${added.get(key)}`);
      }
      assert.equal(added.size, stock.length, 'every stock level was put there by wms-sim');
    });

    it('should have wms-sim see each shipped order exactly once', () => {
      const shipped = [...statuses].filter(([, s]) => s === 'ORDER_STATUS_SHIPPED').map(([id]) => id).sort();
      const seen = report.shipments.map((s) => s.orderId).sort();
      assert.deepEqual(seen, shipped);
      assert.ok(report.shipments.every((s) => s.reported), 'every shipment was reported back');
      const redelivered = report.shipments.filter((s) => s.deliveries !== 1);
      assert.deepEqual(redelivered.map((s) => `${s.orderId}×${s.deliveries}`), [], 'no order delivered twice');
      assert.ok(report.injectedFailures > 0, 'the injected outages exercised the retries');
    });

    it('should pass ordermesh check: the books balance', async () => {
      const report = await cluster.audit();
      assert.deepEqual(report.checks.filter((c) => c.violations > 0), [], 'no violation');
    });
  });
}

lifecycleSuite('the whole order lifecycle, across real processes', false);
lifecycleSuite('the whole order lifecycle, across real processes, with mutual TLS and authorization', true);
