import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startJaeger, type JaegerServer } from '#lib/jaeger/index.js';
import { freePorts, waitFor } from '#lib/testing/index.js';
import { requireTool } from './harness/real-clients.js';
import { JaegerApi, spawnOrdermesh, tagOf, TestCluster, type JaegerTrace } from './harness/index.js';

const ORDERS = 20;
const SERVICES = ['ordermesh-ecom-sim', 'ordermesh-control-plane', 'ordermesh-warehouse', 'ordermesh-wms-sim'];
/**
 * The steps of an order's life that must be in its trace: gateway and node, Postgres, payment,
 * delivery, wms-sim, the shipment report. Deliveries and shipment reports travel in batches
 * (ShipOrders, ReportShipments); each order's part of a batch is a span in its own trace.
 */
const STEPS = [
  '/ordermesh.v1.OrderService/CreateOrder',
  'db.createOrder',
  '/ordermesh.v1.PaymentService/ConfirmPayment',
  'outbox.deliver',
  'wms.shipOrder',
  'wms.pickAndPack',
  '/ordermesh.v1.OrderService/ReportShipments',
  'db.reportShipment',
];

/**
 * Runs 20 orders through a real cluster exporting to a real Jaeger v2 (all-in-one, in-memory)
 * over `protocol`, then reads the traces back through Jaeger's HTTP API, as its UI does.
 */
async function ordersInJaeger(t: TestContext, protocol: 'grpc' | 'http/protobuf'): Promise<void> {
  const binary = requireTool(t, 'jaeger');
  if (!binary) return;
  const [otlpGrpc, otlpHttp, query, queryGrpc] = (await freePorts(4)) as [number, number, number, number];
  const jaeger: JaegerServer = await startJaeger({ binary, ports: { otlpGrpc, otlpHttp, query, queryGrpc } });
  let cluster: TestCluster | undefined;
  try {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? jaeger.otlpGrpcEndpoint : jaeger.otlpHttpEndpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    };
    cluster = await TestCluster.start({ wmsSim: true, env: { ...env, ORDERMESH_WMS_PICK_DELAY_MS: '5-20' } });
    const sim = spawnOrdermesh(
      'ecom-sim',
      ['ecom-sim', '--target', cluster.gateway(), '--orders', String(ORDERS), '--concurrency', '4', '--payment-failure-rate', '0', '--payment-delay-ms', '5-20', '--json'],
      env,
    );
    assert.equal(await sim.exited, 0, `ecom-sim failed:\n${sim.output()}`);
    const summary = JSON.parse(sim.output().trim().split('\n').filter((l) => l.startsWith('{')).at(-1) ?? '{}') as { orders: { byStatus: Record<string, number> } };
    assert.equal(summary.orders.byStatus.SHIPPED, ORDERS, 'every order shipped');
    // Stopping flushes every process's pending spans to Jaeger.
    await cluster.stop();
    cluster = undefined;

    const api = new JaegerApi(jaeger.uiUrl);
    const roots = await waitFor(
      async () => {
        const found = await api.search('ordermesh-ecom-sim', 'ecom.order');
        return found.length >= ORDERS ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, message: `${ORDERS} ecom.order traces in Jaeger` },
    );
    assert.equal(roots.length, ORDERS, 'one trace per order, no more');
    assert.deepEqual((await api.services()).filter((s) => s.startsWith('ordermesh-')).sort(), [...SERVICES].sort());
    const orderIds = new Set<string>();
    for (const found of roots) {
      // The whole trace, as the UI's trace view reads it; the shipment report may arrive last.
      const trace: JaegerTrace = await waitFor(
        async () => {
          const whole = await api.trace(found.traceID);
          const names = new Set(whole.spans.map((s) => s.operationName));
          return STEPS.every((n) => names.has(n)) ? whole : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 500, message: `every step in trace ${found.traceID}` },
      );
      const root = trace.spans.filter((s) => s.references.length === 0);
      assert.deepEqual(root.map((s) => s.operationName), ['ecom.order'], `trace ${trace.traceID} has one root`);
      const tag = tagOf(root[0]!, 'ordermesh.order_id');
      const orderId = typeof tag === 'string' ? tag : '';
      assert.match(orderId, /^(HCM|HN|DN)-/);
      orderIds.add(orderId);
      const ids = new Set(trace.spans.map((s) => s.spanID));
      const orphans = trace.spans.filter((s) => s.references.some((r) => r.refType === 'CHILD_OF' && !ids.has(r.spanID)));
      assert.deepEqual(orphans.map((s) => `${s.service}:${s.operationName}`), [], `trace of ${orderId} has no broken parent link`);
      const services = new Set(trace.spans.map((s) => s.service));
      for (const service of SERVICES) assert.ok(services.has(service), `trace of ${orderId} lacks ${service}: has ${[...services].join(', ')}`);
      // The gateway and the node both served CreateOrder inside the trace; the node recorded the
      // SHIPPED report as a child of the gateway's span for it.
      const create = new Set(trace.spans.filter((s) => s.operationName === '/ordermesh.v1.OrderService/CreateOrder').map((s) => s.service));
      assert.ok(create.has('ordermesh-control-plane') && create.has('ordermesh-warehouse'), `CreateOrder of ${orderId} in gateway and node: ${[...create].join(', ')}`);
      // (A report may be sent more than once: wms-sim retries each until it is acknowledged.)
      const atGateway = new Set(trace.spans.filter((s) => s.operationName === '/ordermesh.v1.OrderService/ReportShipments' && s.service === 'ordermesh-control-plane').map((s) => s.spanID));
      const atNode = trace.spans.filter((s) => s.operationName === 'db.reportShipment' && s.service === 'ordermesh-warehouse');
      assert.ok(atGateway.size > 0 && atNode.length > 0, `trace of ${orderId} has the shipment report at the gateway and at the node`);
      const parents = atNode.flatMap((s) => s.references.map((ref) => `${ref.refType}:${ref.spanID}`));
      assert.ok(
        parents.some((p) => [...atGateway].some((id) => p === `CHILD_OF:${id}`)),
        `trace of ${orderId}: the node's record of the report is a child of the gateway's span (parents ${parents.join(', ')}; gateway spans ${[...atGateway].join(', ')})`,
      );
    }
    assert.equal(orderIds.size, ORDERS, 'each trace is a different order');
  } finally {
    await cluster?.stop();
    await jaeger.stop();
  }
}

describe('traces in a real Jaeger v2', { timeout: 300_000 }, () => {
  it('should show one trace per order across ecom-sim, gateway, node, Postgres and wms-sim, exported over OTLP/gRPC', (t) => ordersInJaeger(t, 'grpc'));
  it('should show the same, exported over OTLP/HTTP protobuf', (t) => ordersInJaeger(t, 'http/protobuf'));
});
