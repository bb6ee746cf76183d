import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEtcdClient } from '#lib/membership/index.js';
import { startEtcd, testDatabase, waitFor, withDeadline } from '#lib/testing/index.js';
import { calls, startTestWarehouse } from '#test/support/index.js';
import { putAssignment, startTestGateway, testAssignment } from './testing/test-gateway.js';

const order = { requestId: '', customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] };

test('should keep routing on the last assignment while etcd is down, and pick up a new one after it returns', { timeout: 120_000 }, async (t) => {
  const etcd = await startEtcd();
  const db = await testDatabase();
  const hcm1 = await startTestWarehouse({ nodeId: 'hcm-1', region: 'HCM', databaseUrl: db.url, shutdownGraceMs: 500 });
  const hcm2 = await startTestWarehouse({ nodeId: 'hcm-2', region: 'HCM', databaseUrl: db.url, shutdownGraceMs: 500 });
  const prefix = '/ordermesh-test/gateway-outage/v1/';
  const writer = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  const gw = await startTestGateway({ endpoints: etcd.endpoints, prefix });
  t.after(async () => {
    await gw.stop();
    writer.close();
    await hcm1.stop();
    await hcm2.stop();
    await db.cleanup();
    await etcd.stop();
  });
  const api = calls(gw.clients);
  const source = gw.gateway.source;

  await withDeadline(100_000, async (signal) => {
    await putAssignment(writer, prefix, testAssignment([{ nodeId: 'hcm-1', region: 'HCM', address: hcm1.address }], { epoch: 1 }));
    await waitFor(() => source.epoch === 1, { signal, message: 'epoch 1' });
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 1_000, unitPriceCents: 100 }] });
    assert.equal((await api.createOrder(order)).nodeId, 'hcm-1');

    await etcd.halt();
    await waitFor(() => source.state === 'RETRYING', { timeoutMs: 30_000, signal, message: 'the gateway to notice etcd is gone' });
    // Orders keep flowing on the last assignment while etcd stays down.
    for (let i = 0; i < 10; i++) {
      const created = await api.createOrder(order);
      assert.equal(created.nodeId, 'hcm-1');
      assert.equal((await api.getOrder(created.orderId)).orderId, created.orderId);
    }
    assert.equal(source.epoch, 1, 'still on the last assignment');
    assert.notEqual(source.state, 'WATCHING', 'etcd is still down');

    await etcd.restart();
    await waitFor(() => source.state === 'WATCHING', { timeoutMs: 30_000, signal, message: 'the gateway to watch again' });
    const publish = (epoch: number, nodes: Array<{ nodeId: string; region: string; address: string }>) =>
      waitFor(
        async () => {
          await putAssignment(writer, prefix, testAssignment(nodes, { epoch }));
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 250, signal, message: `etcd to accept epoch ${epoch}` },
      );
    // Changes published after the outage reach the gateway through its watch: the controller
    // moves every order to hcm-2 (hcm-1 is gone from the assignment) ...
    await publish(2, [{ nodeId: 'hcm-2', region: 'HCM', address: hcm2.address }]);
    await waitFor(() => source.epoch === 2, { timeoutMs: 30_000, signal, message: 'the gateway to pick up epoch 2' });
    for (let i = 0; i < 5; i++) assert.equal((await api.createOrder(order)).nodeId, 'hcm-2');
    assert.deepEqual(gw.gateway.pool.addresses(), [hcm2.address], "hcm-1's channel was closed when it left the assignment");
    // ... and back to hcm-1 (the watch keeps delivering).
    await publish(3, [{ nodeId: 'hcm-1', region: 'HCM', address: hcm1.address }]);
    await waitFor(() => source.epoch === 3, { timeoutMs: 30_000, signal, message: 'the gateway to pick up epoch 3' });
    assert.equal((await api.createOrder(order)).nodeId, 'hcm-1');
  }, 'etcd outage');
});
