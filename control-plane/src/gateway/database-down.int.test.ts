import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { callUnary, FAILED_DEPENDENCY_METADATA } from '#lib/grpc/index.js';
import { createEtcdClient } from '#lib/membership/index.js';
import { mintOrderId } from '#lib/orders/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { testEtcd, waitFor } from '#lib/testing/index.js';
import { putAssignment, startTestGateway, testAssignment } from './testing/test-gateway.js';

/**
 * A node that answers UNAVAILABLE because its database is down says so in its trailers; every
 * node shares that database, so the gateway answers the caller at once instead of trying the
 * call on each sibling, round after round, until the caller's deadline.
 */
async function startNode(nodeId: string, seen: string[], answer: () => grpc.StatusObject) {
  const server = new grpc.Server();
  server.addService(loadOrdermesh().proto.ordermesh.v1.OrderService.service, {
    GetOrder: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      seen.push(nodeId);
      callback(answer());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { spec: { nodeId, region: 'HCM', address: `127.0.0.1:${port}` }, stop: () => server.forceShutdown() };
}

function unavailable(dependency: string | undefined): grpc.StatusObject {
  const metadata = new grpc.Metadata();
  if (dependency) metadata.set(FAILED_DEPENDENCY_METADATA, dependency);
  return { code: grpc.status.UNAVAILABLE, details: 'the database is unreachable; try again shortly', metadata };
}

/**
 * A gateway over etcd whose assignment (epoch 1) holds a node per id, each answering `answer`
 * and noting its id in `seen`; all of it stopped after the test.
 */
async function gatewayOverNodes(t: TestContext, nodeIds: readonly string[], seen: string[], answer: () => grpc.StatusObject) {
  const etcd = await testEtcd();
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const nodes = await Promise.all(nodeIds.map((id) => startNode(id, seen, answer)));
  const gw = await startTestGateway({ endpoints: etcd.endpoints, prefix: etcd.prefix });
  t.after(async () => {
    await gw.stop();
    for (const n of nodes) n.stop();
    client.close();
    await etcd.cleanup();
  });
  await putAssignment(client, etcd.prefix, testAssignment(nodes.map((n) => n.spec), { epoch: 1 }));
  await waitFor(() => gw.gateway.source.epoch === 1, { message: 'epoch 1' });
  return gw;
}

test('should answer UNAVAILABLE from a node whose database is down at once, without trying its siblings', { timeout: 30_000 }, async (t) => {
  const seen: string[] = [];
  const gw = await gatewayOverNodes(t, ['hcm-a', 'hcm-b', 'hcm-c'], seen, () => unavailable('database'));

  const { orders } = gw.clients;
  const failure = await callUnary(orders, orders.GetOrder, { orderId: mintOrderId('HCM') }, { deadline: Date.now() + 20_000 }).then(
    () => assert.fail('the call succeeded'),
    (err: grpc.ServiceError) => err,
  );
  assert.equal(grpc.status[failure.code], 'UNAVAILABLE', failure.details);
  assert.match(failure.details, /database is unreachable/);
  assert.deepEqual(failure.metadata.get(FAILED_DEPENDENCY_METADATA), ['database'], 'the mark reaches the caller too');
  assert.equal(seen.length, 1, `one node asked, not every sibling round after round (${seen.join(', ')})`);
});

test('should still try the next node on an UNAVAILABLE without the mark (that node is down, not the database)', { timeout: 30_000 }, async (t) => {
  const seen: string[] = [];
  let first = true;
  const answer = (): grpc.StatusObject => {
    if (first) {
      first = false;
      return unavailable(undefined);
    }
    return { code: grpc.status.NOT_FOUND, details: 'order_id: no order', metadata: new grpc.Metadata() };
  };
  const gw = await gatewayOverNodes(t, ['hcm-a', 'hcm-b'], seen, answer);
  const { orders } = gw.clients;
  await assert.rejects(callUnary(orders, orders.GetOrder, { orderId: mintOrderId('HCM') }, { deadline: Date.now() + 20_000 }), (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND);
  assert.equal(seen.length, 2);
  assert.notEqual(seen[0], seen[1]);
});
