import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '#lib/runtime/index.js';
import { metricNamesIn, monitoringExpressions } from '#deploy/monitoring-expressions.js';
import { callUnary } from '#lib/grpc/index.js';
import { scrape, spawnOrdermesh, sumOf, TestCluster, type PromSample } from './harness/index.js';

const execFileAsync = promisify(execFile);
const ORDERS = 20;
const RPC = 'ordermesh_rpc_server_duration_seconds_count';

describe('Prometheus metrics of every process, scraped after real calls', { timeout: 240_000 }, () => {
  let cluster: TestCluster;
  const scraped = new Map<string, PromSample[]>();

  before(async () => {
    cluster = await TestCluster.start({ wmsSim: true, metrics: true, env: { ORDERMESH_WMS_PICK_DELAY_MS: '5-20' } });
    const sim = spawnOrdermesh('ecom-sim', [
      'ecom-sim', '--target', cluster.gateway(), '--orders', String(ORDERS), '--concurrency', '4', '--payment-failure-rate', '0', '--payment-delay-ms', '5-20', '--json',
    ], {});
    assert.equal(await sim.exited, 0, `ecom-sim failed:\n${sim.output()}`);
    // One bad request: the gateway answers it itself, INVALID_ARGUMENT naming the field.
    const clients = cluster.connect(cluster.gateway());
    await assert.rejects(
      callUnary(clients.orders, clients.orders.CreateOrder, { customerName: 'x', region: 'HCM', items: [{ sku: 'SKU-0001', quantity: 0 }] }, { deadline: Date.now() + 5_000 }),
      (err: grpc.ServiceError) => err.code === grpc.status.INVALID_ARGUMENT,
    );
    for (const [name, url] of cluster.metricsUrls()) scraped.set(name, await scrape(url));
  });
  after(() => cluster?.stop());

  const of = (name: string): PromSample[] => {
    const samples = scraped.get(name);
    assert.ok(samples, `no scrape of ${name}`);
    return samples;
  };

  it('should serve /metrics in every process: control plane, each node, wms-sim', () => {
    assert.deepEqual([...scraped.keys()].sort(), ['cp-1', 'dn-1', 'hcm-1', 'hn-1', 'wms-sim']);
    for (const [name, samples] of scraped) assert.ok(sumOf(samples, 'process_cpu_seconds_total') > 0, `${name} has process metrics`);
  });

  it('should count every gateway call by service, method and status code', () => {
    const cp = of('cp-1');
    assert.ok(sumOf(cp, RPC, { service: 'ordermesh.v1.OrderService', method: 'CreateOrder', code: 'OK' }) >= ORDERS);
    assert.ok(sumOf(cp, RPC, { service: 'ordermesh.v1.PaymentService', method: 'ConfirmPayment', code: 'OK' }) >= ORDERS);
    // Shipment reports travel in batches: at least one ReportShipments call, fewer than the orders when batched.
    assert.ok(sumOf(cp, RPC, { service: 'ordermesh.v1.OrderService', method: 'ReportShipments', code: 'OK' }) >= 1);
    assert.equal(sumOf(cp, RPC, { method: 'CreateOrder', code: 'INVALID_ARGUMENT' }), 1);
    // The histogram's buckets hold the same calls as its count.
    const inf = sumOf(cp, 'ordermesh_rpc_server_duration_seconds_bucket', { method: 'CreateOrder', code: 'OK', le: '+Inf' });
    assert.equal(inf, sumOf(cp, RPC, { method: 'CreateOrder', code: 'OK' }));
    assert.ok(sumOf(cp, 'ordermesh_rpc_server_duration_seconds_sum', { method: 'CreateOrder' }) > 0);
  });

  it('should count the calls the nodes served, adding up to the orders placed', () => {
    const created = ['hcm-1', 'hn-1', 'dn-1'].reduce((n, id) => n + sumOf(of(id), RPC, { method: 'CreateOrder', code: 'OK' }), 0);
    assert.ok(created >= ORDERS, `nodes served ${created} CreateOrder calls`);
  });

  it('should count wms-sim ShipOrders calls (the outbox delivers in batches)', () => {
    assert.ok(sumOf(of('wms-sim'), RPC, { service: 'ordermesh.v1.FulfillmentService', method: 'ShipOrders', code: 'OK' }) >= 1);
  });

  it('should report the routing state and the gateway counters on the control plane', () => {
    const cp = of('cp-1');
    assert.equal(sumOf(cp, 'ordermesh_controller_leader'), 1, 'the only replica leads');
    assert.ok(sumOf(cp, 'ordermesh_assignment_epoch') >= 1);
    assert.equal(sumOf(cp, 'ordermesh_assignment_nodes', { state: 'ACTIVE' }), 3);
    // One node per region: each owns its whole region's ring.
    for (const [node, region] of [['hcm-1', 'HCM'], ['hn-1', 'HN'], ['dn-1', 'DN']] as const) {
      assert.equal(sumOf(cp, 'ordermesh_ring_share_ratio', { node, region }), 1, `${node}'s ring share`);
    }
    assert.ok(sumOf(cp, 'ordermesh_gateway_forwarded_total') >= 3 * ORDERS, 'create, pay and report per order forwarded');
    for (const name of ['ordermesh_gateway_retries_total', 'ordermesh_gateway_exhausted_total', 'ordermesh_gateway_spills_total']) {
      assert.ok(cp.some((s) => s.name === name), `${name} is exported`);
    }
  });

  it("should report each node's orders by status, outbox, deliveries, lease, epoch, Postgres and etcd", () => {
    const nodes = ['hcm-1', 'hn-1', 'dn-1'];
    // Every order shipped; each is counted once, by the node that made its last change.
    const shipped = nodes.reduce((n, id) => n + sumOf(of(id), 'ordermesh_orders', { node: id, status: 'SHIPPED' }), 0);
    assert.equal(shipped, ORDERS);
    const delivered = nodes.reduce((n, id) => n + sumOf(of(id), 'ordermesh_outbox_delivery_attempts_total', { outcome: 'delivered' }), 0);
    assert.ok(delivered >= ORDERS, `nodes delivered ${delivered} orders to wms-sim`);
    for (const id of nodes) {
      const node = of(id);
      assert.equal(sumOf(node, 'ordermesh_node_lease_held'), 1, `${id} holds its lease`);
      assert.equal(sumOf(node, 'ordermesh_node_serving'), 1);
      assert.equal(sumOf(node, 'ordermesh_db_up'), 1);
      assert.ok(sumOf(node, 'ordermesh_assignment_epoch') >= 1);
      assert.equal(sumOf(node, 'ordermesh_outbox_pending'), 0, 'nothing left to deliver');
      assert.equal(sumOf(node, 'ordermesh_outbox_oldest_due_age_seconds'), 0);
      assert.equal(sumOf(node, 'ordermesh_payment_timeouts_total'), 0);
      assert.equal(sumOf(node, 'ordermesh_db_pool_max_connections'), 10);
      assert.ok(node.some((s) => s.name === 'ordermesh_db_pool_connections'), `${id} reports its pool's connections`);
      assert.ok(sumOf(node, 'ordermesh_etcd_request_duration_seconds_count', { op: 'load_report' }) >= 1, `${id} timed its load reports`);
    }
    const batches = nodes.reduce((n, id) => n + sumOf(of(id), 'ordermesh_db_batch_size_sum', { kind: 'create_order' }), 0);
    assert.ok(batches >= ORDERS, 'every CreateOrder went through a timed group-commit batch');
    assert.ok(nodes.some((id) => sumOf(of(id), 'ordermesh_db_batch_duration_seconds_count', { kind: 'confirm_payment' }) > 0));
  });

  it('should export every metric the alert rules and the Grafana dashboard query', () => {
    const exported = new Set([...scraped.values()].flatMap((samples) => samples.map((s) => s.name)));
    for (const { where, expr } of monitoringExpressions()) {
      for (const name of metricNamesIn(expr)) assert.ok(exported.has(name), `${where} reads ${name}, which no process exports`);
    }
  });

  it('should list each process metrics address in ordermesh status --json, wms-sim included', async () => {
    // The real command: the control plane names itself and the nodes; wms-sim comes from its
    // registration in etcd.
    const { stdout } = await execFileAsync(process.execPath, [join(repoRoot(), 'bin/ordermesh.js'), 'status', '--target', cluster.gateway(), '--json'], {
      env: { ...process.env, ORDERMESH_ETCD_ENDPOINTS: cluster.etcd.endpoints.join(','), ORDERMESH_ETCD_PREFIX: cluster.prefix },
      timeout: 30_000,
    });
    const status = JSON.parse(stdout) as { metrics: Array<{ role: string; process: string; url: string }> };
    const urls = cluster.metricsUrls();
    assert.deepEqual(
      status.metrics.map((m) => [m.role, m.process, m.url]).sort(),
      [
        ['control-plane', cluster.gateway(), urls.get('cp-1')],
        ...['dn-1', 'hcm-1', 'hn-1'].map((id) => ['warehouse', id, urls.get(id)]),
        ['wms-sim', 'wms-sim', urls.get('wms-sim')],
      ].sort(),
    );
  });
});
