import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor, withDeadline } from '#lib/testing/index.js';
import { calls, startTestWarehouse, type TestWarehouse, placePaidOrder } from '#test/support/index.js';
import { startTestWmsSim } from './testing/test-wms-sim.js';

// A real wms-sim behind a real warehouse node whose outbox and reconciler run: wms-sim accepts
// an order (the outbox closes its row, the order is FULFILLING) and then loses it, as a wms-sim
// killed and restarted does (its ledger is in memory).
describe('FULFILLING orders reconciled with a wms-sim that forgot them', { timeout: 120_000 }, () => {
  let wh: TestWarehouse;
  let api: ReturnType<typeof calls>;
  let wmsPort: number;

  before(async () => {
    wmsPort = await freePort();
    wh = await startTestWarehouse({ backgroundWork: true, wmsAddress: `127.0.0.1:${wmsPort}`, fulfillmentTimeoutMs: 1_000 });
    api = calls(wh.clients);
  });
  after(() => wh?.stop());

  it('should deliver the order again once it is FULFILLING past the timeout, and ship it exactly once', () =>
    withDeadline(60_000, async () => {
      // The first wms-sim accepts but would pick and pack for a minute: it never reports.
      const first = await startTestWmsSim(wh.address, { port: wmsPort, skuCount: 2, pickDelayMs: { minMs: 60_000, maxMs: 60_000 }, shutdownGraceMs: 0 });
      let restarted: Awaited<ReturnType<typeof startTestWmsSim>> | undefined;
      try {
        await first.sim.stocked;
        const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0002', quantity: 3 }]);
        await waitFor(async () => (await api.getOrder(paid.orderId)).status === 'ORDER_STATUS_FULFILLING', { timeoutMs: 15_000, message: 'the order FULFILLING' });
        assert.equal((await first.report()).shipments.find((s) => s.orderId === paid.orderId)?.reported, false);
        const shippedBefore = (await api.getStock(paid.warehouseId, ['SKU-0002'])).items[0]?.shipped ?? -1;

        // wms-sim goes away with the order (its report abandoned) and comes back empty.
        await first.stop();
        restarted = await startTestWmsSim(wh.address, { port: wmsPort, skuCount: 2 });
        await restarted.sim.stocked;

        const shipped = await waitFor(
          async () => {
            const order = await api.getOrder(paid.orderId);
            return order.status === 'ORDER_STATUS_SHIPPED' ? order : undefined;
          },
          { timeoutMs: 30_000, message: 'the order redelivered to the new wms-sim and SHIPPED' },
        );
        assert.equal(shipped.shipmentId, `SHP-${paid.orderId}`);
        const shipment = (await restarted.report()).shipments.find((s) => s.orderId === paid.orderId);
        assert.equal(shipment?.reported, true);
        // Once SHIPPED it is never asked about again, and its stock left the warehouse once.
        await waitFor(async () => (await wh.database.sql`SELECT 1 FROM outbox WHERE order_id = ${paid.orderId} AND delivered_at IS NOT NULL`).length === 1, {
          message: 'the outbox row closed',
        });
        await new Promise((resolve) => setTimeout(resolve, 2_500)); // a few reconciler sweeps
        assert.equal((await restarted.report()).shipments.find((s) => s.orderId === paid.orderId)?.deliveries, 1);
        assert.equal((await api.getOrder(paid.orderId)).status, 'ORDER_STATUS_SHIPPED');
        assert.equal((await api.getStock(paid.warehouseId, ['SKU-0002'])).items[0]?.shipped, shippedBefore + 3);
      } finally {
        await restarted?.stop();
        await first.stop();
      }
    }));
});
