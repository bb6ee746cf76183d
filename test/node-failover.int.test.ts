import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import { sleep } from '#lib/runtime/index.js';
import { runSteadyLoad, TestCluster } from './harness/index.js';

const SKUS = ['F1', 'F2', 'F3', 'F4'];

describe('warehouse node failures, across real processes', { timeout: 240_000 }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start({ nodesPerRegion: { HCM: 2, HN: 1, DN: 1 }, leaseTtlS: 2 });
    await cluster.seedStock(SKUS);
  });
  after(() => cluster.stop());

  it('should drop a kill -9ed node from the assignment without failing a call or losing an order', async () => {
    const gateway = cluster.connect(cluster.gateway());
    const stop = new AbortController();
    const load = runSteadyLoad(gateway, SKUS, 8, stop.signal);
    await sleep(1_500);
    const before = await cluster.assignment();
    await cluster.killNode('hcm-2');
    const after = await cluster.waitForAssignment((a) => !a.nodes.some((n) => n.nodeId === 'hcm-2'), 'hcm-2 to leave the assignment', 15_000);
    assert.ok(after.epoch > (before?.epoch ?? 0));
    assert.deepEqual(after.regions.find((r) => r.region === 'HCM')?.members, ['hcm-1']);
    await sleep(1_500);
    stop.abort();
    const result = await load;
    assert.deepEqual(result.failures, [], 'no client call fails');
    assert.ok(result.acknowledged.length > 50, `the load ran (${result.acknowledged.length} orders)`);
    for (const order of result.acknowledged) {
      const read = entityOf(await callUnary(gateway.orders, gateway.orders.GetOrder, { orderId: order.orderId }, { deadline: Date.now() + 10_000 }), 'order');
      assert.equal(read.orderId, order.orderId);
      assert.equal(read.status, order.status);
    }
  });

  it('should send a region with no live node to its failover region, and take it back when a node returns', async () => {
    const gateway = cluster.connect(cluster.gateway());
    const place = async () => entityOf(await callUnary(gateway.orders, gateway.orders.CreateOrder, { customerName: 'Hoa', region: 'HN', items: [{ sku: 'F1', quantity: 1 }] }, { deadline: Date.now() + 10_000 }), 'order');
    const home = await place();
    assert.equal(home.nodeId, 'hn-1');
    await cluster.killNode('hn-1');
    await cluster.waitForAssignment((a) => a.regions.find((r) => r.region === 'HN')?.members.length === 0, 'HN to have no member', 15_000);
    // HN fails over to DN first.
    const away = await place();
    assert.match(away.orderId, /^HN-/);
    assert.equal(away.nodeId, 'dn-1');
    const earlier = entityOf(await callUnary(gateway.orders, gateway.orders.GetOrder, { orderId: home.orderId }, { deadline: Date.now() + 10_000 }), 'order');
    assert.equal(earlier.orderId, home.orderId, 'orders of the dead region stay readable');
    await cluster.startNode('hn-1', 'HN');
    await cluster.waitForAssignment((a) => a.regions.find((r) => r.region === 'HN')?.members.includes('hn-1') === true, 'hn-1 back in HN', 15_000);
    // The gateway may see the new assignment a moment after etcd has it.
    let back = await place();
    for (let i = 0; i < 50 && back.nodeId !== 'hn-1'; i++) {
      await sleep(100);
      back = await place();
    }
    assert.equal(back.nodeId, 'hn-1');
  });

  it('should pass ordermesh check after the faults: the books balance', async () => {
    const report = await cluster.audit();
    assert.deepEqual(report.checks.filter((c) => c.violations > 0), [], 'no violation');
  });
});
