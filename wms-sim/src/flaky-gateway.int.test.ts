import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRootLogger } from '#lib/logging/index.js';
import { tracer, traceIdOf } from '#lib/telemetry/index.js';
import { waitFor, withDeadline } from '#lib/testing/index.js';
import { calls, startTestWarehouse, type TestWarehouse, placePaidOrder } from '#test/support/index.js';
import { startFlakyGateway } from './testing/flaky-gateway.js';
import { shipOrderRequestFor, startTestWmsSim } from './testing/test-wms-sim.js';

// A stand-in gateway (a real gRPC server) forwards to a real warehouse node and fails calls on
// purpose, to show what wms-sim does when the gateway is flaky.
describe('wms-sim behind a flaky gateway', { timeout: 120_000 }, () => {
  let wh: TestWarehouse;
  let api: ReturnType<typeof calls>;

  before(async () => {
    wh = await startTestWarehouse();
    api = calls(wh.clients);
  });
  after(() => wh?.stop());

  it('should retry ReportShipment through UNAVAILABLE answers until acknowledged, in the trace of the ShipOrder call', () =>
    withDeadline(30_000, async () => {
      const gw = await startFlakyGateway(wh.clients, { failGetStock: 3 });
      const wms = await startTestWmsSim(gw.address, { skuCount: 2 });
      try {
        // The catalogue waited through the gateway's UNAVAILABLE answers.
        await wms.sim.stocked;
        assert.ok(gw.seen.filter((c) => c.method === 'GetStock' && c.answered === 'failed').length === 3);
        const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 1 }]);
        gw.faults.failReports = 3;
        const traceId = await tracer().startActiveSpan('test.checkout', async (span) => {
          try {
            await wms.shipOrder(shipOrderRequestFor(paid));
            return traceIdOf(span);
          } finally {
            span.end();
          }
        });
        assert.match(traceId, /^[0-9a-f]{32}$/);
        await waitFor(async () => (await api.getOrder(paid.orderId)).status === 'ORDER_STATUS_SHIPPED', { timeoutMs: 15_000, message: 'order SHIPPED' });
        const reports = gw.seen.filter((c) => c.method === 'ReportShipment' && c.subject === paid.orderId);
        assert.deepEqual(
          reports.map((c) => c.answered),
          ['failed', 'failed', 'failed', 'forwarded'],
        );
        assert.deepEqual(
          reports.map((c) => c.traceId),
          Array(4).fill(traceId),
        );
        await waitFor(async () => (await wms.report()).shipments.find((s) => s.orderId === paid.orderId)?.reported, { message: 'shipment reported' });
      } finally {
        await wms.stop();
        await gw.stop();
      }
    }));

  it('should retry ReportShipment through RESOURCE_EXHAUSTED and UNAVAILABLE (a full or down database) until acknowledged', () =>
    withDeadline(30_000, async () => {
      const gw = await startFlakyGateway(wh.clients);
      // The default: no retry budget, a report is retried until ordermesh acknowledges it.
      const wms = await startTestWmsSim(gw.address, { skuCount: 2, reportRetryMs: 0 });
      try {
        await wms.sim.stocked;
        const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 1 }]);
        gw.faults.reportCodes = [grpc.status.RESOURCE_EXHAUSTED, grpc.status.UNAVAILABLE, grpc.status.RESOURCE_EXHAUSTED, grpc.status.UNAVAILABLE];
        await wms.shipOrder(shipOrderRequestFor(paid));
        await waitFor(async () => (await api.getOrder(paid.orderId)).status === 'ORDER_STATUS_SHIPPED', { timeoutMs: 15_000, message: 'order SHIPPED' });
        assert.deepEqual(
          gw.seen.filter((c) => c.method === 'ReportShipment' && c.subject === paid.orderId).map((c) => c.answered),
          ['failed', 'failed', 'failed', 'failed', 'forwarded'],
        );
        await waitFor(async () => (await wms.report()).shipments.find((s) => s.orderId === paid.orderId)?.reported, { message: 'shipment reported' });
      } finally {
        await wms.stop();
        await gw.stop();
      }
    }));

  it('should give up on a report after its retry budget, leaving the order unreported', () =>
    withDeadline(30_000, async () => {
      const gw = await startFlakyGateway(wh.clients);
      const wms = await startTestWmsSim(gw.address, { skuCount: 2, reportRetryMs: 1_000 });
      try {
        await wms.sim.stocked;
        const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0002', quantity: 1 }]);
        gw.faults.failReports = 1_000;
        await wms.shipOrder(shipOrderRequestFor(paid));
        await waitFor(() => wms.sim.pendingReports === 0, { timeoutMs: 10_000, message: 'report given up' });
        const attempts = gw.seen.filter((c) => c.method === 'ReportShipment' && c.subject === paid.orderId).length;
        assert.ok(attempts >= 3, `retried (${attempts} attempts)`);
        assert.equal((await wms.report()).shipments.find((s) => s.orderId === paid.orderId)?.reported, false);
        assert.equal((await api.getOrder(paid.orderId)).status, 'ORDER_STATUS_PAID');
      } finally {
        await wms.stop();
        await gw.stop();
      }
    }));

  it('should let a pending report finish at shutdown within the grace period', () =>
    withDeadline(30_000, async () => {
      const wms = await startTestWmsSim(wh.address, { skuCount: 2, pickDelayMs: { minMs: 400, maxMs: 400 }, shutdownGraceMs: 5_000 });
      await wms.sim.stocked;
      const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 1 }]);
      await wms.shipOrder(shipOrderRequestFor(paid));
      assert.equal(wms.sim.pendingReports, 1);
      await wms.stop();
      assert.equal((await api.getOrder(paid.orderId)).status, 'ORDER_STATUS_SHIPPED');
      assert.equal(wms.sim.report().shipments.find((s) => s.orderId === paid.orderId)?.reported, true);
    }));

  it('should stop a report still picking when the grace period ends, leaving it for redelivery', () =>
    withDeadline(30_000, async () => {
      const lines: Array<{ msg?: string; abandoned?: number }> = [];
      const log = createRootLogger({ service: 'wms-sim', level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg?: string; abandoned?: number }) } });
      // A pick far longer than the test's deadline: stop() can only return by abandoning it.
      const wms = await startTestWmsSim(wh.address, { skuCount: 2, pickDelayMs: { minMs: 600_000, maxMs: 600_000 }, shutdownGraceMs: 200 }, { log });
      await wms.sim.stocked;
      const paid = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 1 }]);
      await wms.shipOrder(shipOrderRequestFor(paid));
      assert.equal(wms.sim.pendingReports, 1, 'the report is picking when the stop begins');
      await wms.stop();
      // In order: the drain began, the grace period ended with the report abandoned, wms-sim stopped.
      const at = (match: (l: (typeof lines)[number]) => boolean): number => lines.findIndex(match);
      const draining = at((l) => l.msg === 'draining');
      const abandoned = at((l) => l.abandoned !== undefined);
      const stopped = at((l) => l.msg === 'stopped');
      assert.ok(draining >= 0 && draining < abandoned && abandoned < stopped, lines.map((l) => l.msg).join(', '));
      assert.equal(lines[abandoned]?.abandoned, 1, 'the picking report was abandoned when the grace period ended');
      assert.equal(wms.sim.pendingReports, 0);
      assert.equal(wms.sim.report().shipments.find((s) => s.orderId === paid.orderId)?.reported, false);
      assert.equal((await api.getOrder(paid.orderId)).status, 'ORDER_STATUS_PAID');
    }));

  it('should record a restock whose answer was lost once a later read shows it landed, without adding it twice', () =>
    withDeadline(30_000, async () => {
      const gw = await startFlakyGateway(wh.clients, { loseAddAnswers: 1 });
      const wms = await startTestWmsSim(gw.address, { warehouses: ['HN-01'], skuCount: 1, restockIntervalMs: 100, restockBelow: 100, restockUnits: 300 });
      try {
        await wms.sim.stocked;
        await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 450 }], 'HN');
        // HN-01 already stocked SKU-0001 (an earlier wms-sim put it there): only the restock is this one's.
        await waitFor(async () => (await wms.report()).stockAdded.find((s) => s.warehouseId === 'HN-01')?.units === 300, {
          timeoutMs: 10_000,
          message: 'lost restock recorded',
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
        const level = (await api.getStock('HN-01', ['SKU-0001'])).items[0];
        assert.equal(level?.onHand, 800);
        assert.equal(gw.seen.filter((c) => c.method === 'SetStock' && c.subject === 'STOCK_UPDATE_MODE_ADD').length, 1);
        assert.equal((await wms.report()).stockAdded.find((s) => s.warehouseId === 'HN-01')?.units, 300);
      } finally {
        await wms.stop();
        await gw.stop();
      }
    }));

  it('should restock again when a later read shows an unacknowledged restock never landed', () =>
    withDeadline(30_000, async () => {
      const gw = await startFlakyGateway(wh.clients, { dropAdds: 1 });
      const wms = await startTestWmsSim(gw.address, { warehouses: ['DN-01'], skuCount: 1, restockIntervalMs: 100, restockBelow: 100, restockUnits: 300 });
      try {
        await wms.sim.stocked;
        await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 450 }], 'DN');
        await waitFor(async () => (await wms.report()).stockAdded.find((s) => s.warehouseId === 'DN-01')?.units === 300, {
          timeoutMs: 10_000,
          message: 'restock recorded',
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal((await api.getStock('DN-01', ['SKU-0001'])).items[0]?.onHand, 800);
        assert.deepEqual(
          gw.seen.filter((c) => c.method === 'SetStock' && c.subject === 'STOCK_UPDATE_MODE_ADD').map((c) => c.answered),
          ['failed', 'forwarded'],
        );
      } finally {
        await wms.stop();
        await gw.stop();
      }
    }));
});
