import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '#lib/testing/index.js';
import { OtlpReceiver, spawnOrdermesh, TestCluster, type ReceivedSpan } from './harness/index.js';

const SERVICES = ['ordermesh-ecom-sim', 'ordermesh-control-plane', 'ordermesh-warehouse', 'ordermesh-wms-sim'];

describe('one trace per order, across real processes and a real OTLP receiver', { timeout: 240_000 }, () => {
  let receiver: OtlpReceiver;
  let cluster: TestCluster;
  let summary: { orders: { acknowledged: number; byStatus: Record<string, number> } };

  before(async () => {
    receiver = await OtlpReceiver.start();
    cluster = await TestCluster.start({ wmsSim: true, env: { ...receiver.exportEnv(), ORDERMESH_WMS_FAILURE_RATE: '0.2', ORDERMESH_WMS_PICK_DELAY_MS: '10-50' } });
    const sim = spawnOrdermesh(
      'ecom-sim',
      ['ecom-sim', '--target', cluster.gateway(), '--orders', '50', '--concurrency', '5', '--payment-failure-rate', '0', '--payment-delay-ms', '10-50', '--json'],
      receiver.exportEnv(),
    );
    const code = await sim.exited;
    assert.equal(code, 0, `ecom-sim failed:\n${sim.output()}`);
    summary = JSON.parse(sim.output().trim().split('\n').filter((l) => l.startsWith('{')).at(-1) ?? '{}') as typeof summary;
    // Stopping flushes every process's spans to the receiver.
    await cluster.stop();
  });
  after(() => receiver.stop());

  it('should ship all 50 orders', () => {
    assert.equal(summary.orders.acknowledged, 50);
    assert.equal(summary.orders.byStatus.SHIPPED, 50);
  });

  it('should give every order one trace spanning ecom-sim, control plane, warehouse and wms-sim, with correct parent links', async () => {
    const roots = await waitFor(() => {
      const found = receiver.spans.filter((s) => s.name === 'ecom.order');
      return found.length >= 50 ? found : undefined;
    }, { timeoutMs: 20_000, message: '50 ecom.order spans' });
    const traces = receiver.traces();
    const orderIds = new Set<string>();
    for (const root of roots) {
      const attribute = root.attributes['ordermesh.order_id'];
      const orderId = typeof attribute === 'string' ? attribute : '';
      assert.match(orderId, /^(HCM|HN|DN)-/);
      orderIds.add(orderId);
      const spans = traces.get(root.traceId) ?? [];
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      // One root: the ecom.order span. Every other span's parent is in the same trace.
      const rootless = spans.filter((s) => s.parentSpanId === '');
      assert.deepEqual(rootless.map((s) => s.name), ['ecom.order'], `trace of ${orderId} has one root`);
      const orphans = spans.filter((s) => s.parentSpanId !== '' && !byId.has(s.parentSpanId));
      assert.deepEqual(orphans.map((s: ReceivedSpan) => `${s.service}:${s.name}`), [], `trace of ${orderId} has no broken parent link`);
      const services = new Set(spans.map((s) => s.service));
      for (const service of SERVICES) assert.ok(services.has(service), `trace of ${orderId} lacks ${service}: has ${[...services].join(', ')}`);
      const names = new Set(spans.map((s) => s.name));
      for (const name of [
        '/ordermesh.v1.OrderService/CreateOrder',
        '/ordermesh.v1.PaymentService/ConfirmPayment',
        'outbox.deliver',
        // Deliveries and shipment reports travel in batches (ShipOrders, ReportShipments); each
        // order's part of a batch is a span in the order's own trace.
        'wms.shipOrder',
        'wms.pickAndPack',
        '/ordermesh.v1.OrderService/ReportShipments',
        'db.reportShipment',
        'db.createOrder',
      ]) {
        assert.ok(names.has(name), `trace of ${orderId} lacks ${name}`);
      }
      // The shipment report reached the warehouse inside this trace, through the gateway: the
      // warehouse's record of it is a child of the gateway's span for this report.
      const atGateway = spans.find((s) => s.name === '/ordermesh.v1.OrderService/ReportShipments' && s.service === 'ordermesh-control-plane');
      const atNode = spans.find((s) => s.name === 'db.reportShipment' && s.service === 'ordermesh-warehouse');
      assert.ok(atGateway && atNode, `trace of ${orderId} has the shipment report at the gateway and at the node`);
      assert.equal(atNode.parentSpanId, atGateway.spanId, `trace of ${orderId}: the node's record of the report is a child of the gateway's span`);
    }
    assert.equal(orderIds.size, 50, 'one trace per order');
  });
});
