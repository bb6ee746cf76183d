import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnavailableError } from '#lib/errors/index.js';
import { callUnary } from '#lib/grpc/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { waitFor } from '#lib/testing/index.js';
import { ChannelPool } from './channel-pool.js';

const ORDER_ID = 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB';

/** A node whose GetOrder answers only when `answer()` is called. */
async function startSlowNode(): Promise<{ address: string; received: () => number; answer: () => void; stop: () => void }> {
  const server = new grpc.Server();
  const pending: Array<() => void> = [];
  let received = 0;
  server.addService(loadOrdermesh().proto.ordermesh.v1.OrderService.service, {
    GetOrder: (call: grpc.ServerUnaryCall<{ orderId: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      received++;
      pending.push(() => callback(null, { order: { orderId: call.request.orderId, nodeId: 'slow-1' } }));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, received: () => received, answer: () => pending.splice(0).forEach((fn) => fn()), stop: () => server.forceShutdown() };
}

const isShutdown = (client: grpc.Client): boolean => client.getChannel().getConnectivityState(false) === grpc.connectivityState.SHUTDOWN;

test('should share one channel per address among the four service clients', () => {
  const pool = new ChannelPool();
  const a = pool.lease('127.0.0.1:1');
  const b = pool.lease('127.0.0.1:1');
  const c = pool.lease('127.0.0.1:2');
  assert.equal(a.clients, b.clients, 'one channel per address');
  assert.notEqual(a.clients, c.clients);
  const channel = a.clients.orders.getChannel();
  for (const client of [a.clients.payments, a.clients.inventory, a.clients.node]) assert.equal(client.getChannel(), channel);
  a.release();
  b.release();
  c.release();
  pool.close();
});

test('should close the channel of a node gone from the assignment only after its in-flight call finished', { timeout: 20_000 }, async (t) => {
  const node = await startSlowNode();
  const pool = new ChannelPool();
  t.after(() => {
    pool.close();
    node.stop();
  });
  pool.retain([node.address]);
  const lease = pool.lease(node.address);
  const { orders } = lease.clients;
  const call = callUnary(orders, orders.GetOrder, { orderId: ORDER_ID }, { deadline: Date.now() + 10_000 }).finally(() => lease.release());
  await waitFor(() => node.received() === 1, { message: 'the node to receive the call' });

  pool.retain([]);
  assert.deepEqual(pool.addresses(), [], 'no new call gets the retired channel');
  assert.equal(isShutdown(orders), false, 'not closed while a call is in flight');
  node.answer();
  assert.equal((await call).order?.nodeId, 'slow-1', 'the in-flight call completed');
  assert.equal(isShutdown(orders), true, 'closed once the call settled');

  // A later call to the same address opens a new channel.
  const again = pool.lease(node.address);
  assert.notEqual(again.clients, lease.clients);
  again.release();
  assert.equal(isShutdown(again.clients.orders), true, 'an address outside the assignment is closed when idle');
});

test('should close every channel and refuse new calls after close()', () => {
  const pool = new ChannelPool();
  const lease = pool.lease('127.0.0.1:1');
  pool.close();
  assert.equal(isShutdown(lease.clients.orders), true);
  assert.throws(() => pool.lease('127.0.0.1:1'), UnavailableError);
  lease.release();
});
