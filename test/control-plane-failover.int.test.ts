import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary, connectControlPlane } from '#lib/grpc/index.js';
import { sleep } from '#lib/runtime/index.js';
import { waitFor } from '#lib/testing/index.js';
import { runSteadyLoad, TestCluster } from './harness/index.js';

const SKUS = ['C1', 'C2', 'C3'];

describe('control plane and etcd failures, across real processes', { timeout: 240_000 }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start({ controlPlanes: 2, nodesPerRegion: { HCM: 2, HN: 1, DN: 1 }, leaseTtlS: 2, electionTtlS: 2 });
    await cluster.seedStock(SKUS);
  });
  after(() => cluster.stop());

  it('should have the other replica publish the next change when the leader is killed', async () => {
    const current = await cluster.waitForAssignment((a) => a.leader !== '', 'a leader');
    const leaderIndex = cluster.controlPlanes.findIndex((cp) => cp?.replicaId === current.leader);
    assert.ok(leaderIndex >= 0, `leader ${current.leader} is one of ours`);
    const other = cluster.controlPlanes[1 - leaderIndex];
    assert.ok(other);
    await cluster.killControlPlane(leaderIndex);
    // A change the next leader must publish: a node leaves.
    await cluster.killNode('hcm-2');
    const next = await cluster.waitForAssignment((a) => !a.nodes.some((n) => n.nodeId === 'hcm-2'), 'the surviving replica to publish', 20_000);
    assert.equal(next.leader, other.replicaId);
    assert.ok(next.epoch > current.epoch);
    await cluster.startControlPlane(leaderIndex);
    await cluster.startNode('hcm-2', 'HCM');
    await cluster.waitForAssignment((a) => a.nodes.some((n) => n.nodeId === 'hcm-2'), 'hcm-2 back', 20_000);
  });

  it('should keep orders flowing on the last assignment while etcd is down for 10 s, and heal after', async () => {
    const survivor = cluster.controlPlanes.findIndex((cp) => cp !== undefined);
    const gateway = cluster.connect(cluster.gateway(survivor));
    const before = await cluster.waitForAssignment((a) => a.nodes.length === 4, 'all four nodes');
    const stop = new AbortController();
    const load = runSteadyLoad(gateway, SKUS, 6, stop.signal);
    await sleep(1_000);
    await cluster.etcd.halt();
    await sleep(10_000);
    await cluster.etcd.restart();
    await sleep(1_000);
    stop.abort();
    const result = await load;
    assert.deepEqual(result.failures, [], 'no call failed while etcd was down');
    assert.ok(result.acknowledged.length > 50, `orders kept flowing (${result.acknowledged.length})`);
    // Membership heals: every node is registered again and the assignment lists all four.
    const healed = await cluster.waitForAssignment((a) => a.nodes.length === 4 && a.epoch >= before.epoch, 'all nodes after etcd returns', 30_000);
    assert.deepEqual(healed.nodes.map((n) => n.nodeId).sort(), ['dn-1', 'hcm-1', 'hcm-2', 'hn-1']);
    const admin = connectControlPlane(cluster.gateway(survivor));
    try {
      await waitFor(
        async () => (await callUnary(admin, admin.ListNodes, {}, { deadline: Date.now() + 5_000 })).nodes.filter((n) => n.lease?.id).length === 4,
        { timeoutMs: 30_000, message: 'four registered nodes with leases' },
      );
    } finally {
      admin.close();
    }
  });

  it('should drain a node under load without a failed request', async () => {
    const gateway = cluster.connect(cluster.gateway(cluster.controlPlanes.findIndex((cp) => cp !== undefined)));
    const admin = connectControlPlane(cluster.gateway(cluster.controlPlanes.findIndex((cp) => cp !== undefined)));
    const stop = new AbortController();
    const load = runSteadyLoad(gateway, SKUS, 8, stop.signal);
    try {
      await sleep(1_000);
      const drained = await callUnary(admin, admin.DrainNode, { nodeId: 'hcm-2' }, { deadline: Date.now() + 15_000 }).catch((err: Error) => {
        throw new Error(`DrainNode failed: ${err.message}\n${cluster.outputs(40)}`);
      });
      assert.equal(drained.state, 'NODE_STATE_DRAINING');
      const a = await cluster.waitForAssignment((x) => x.epoch >= drained.epoch, 'the draining epoch');
      assert.deepEqual(a.regions.find((r) => r.region === 'HCM')?.members, ['hcm-1']);
      await sleep(1_000);
      // Now it may stop: gracefully, as an operator would after a drain.
      const node = cluster.nodes.get('hcm-2');
      assert.ok(node);
      await node.process.stop();
      await sleep(1_000);
    } finally {
      stop.abort();
      admin.close();
    }
    const result = await load;
    assert.deepEqual(result.failures, [], 'no request failed during the drain');
    assert.ok(result.acknowledged.length > 50, `the load ran (${result.acknowledged.length})`);
    assert.ok(!result.acknowledged.slice(-20).some((o) => o.nodeId === 'hcm-2'), 'a drained node takes no new orders');
  });

  it('should pass ordermesh check after the faults: the books balance', async () => {
    const report = await cluster.audit();
    assert.deepEqual(report.checks.filter((c) => c.violations > 0), [], 'no violation');
  });
});
