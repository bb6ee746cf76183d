import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { UnavailableError } from '#lib/errors/index.js';
import { callUnary } from '#lib/grpc/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { waitFor } from '#lib/testing/index.js';
import { ChannelPool, DEFAULT_CONNECTIONS_PER_NODE } from './channel-pool.js';

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

test('should share one channel among the four service clients, and one per address with connectionsPerNode 1', () => {
  const pool = new ChannelPool({ connectionsPerNode: 1 });
  const a = pool.lease('127.0.0.1:1');
  const b = pool.lease('127.0.0.1:1');
  const c = pool.lease('127.0.0.1:2');
  assert.equal(a.clients, b.clients, 'one channel per address');
  assert.notEqual(a.clients, c.clients);
  const channel = a.clients.orders.getChannel();
  for (const client of [a.clients.payments, a.clients.inventory, a.clients.node, a.raw]) assert.equal(client.getChannel(), channel);
  a.release();
  b.release();
  c.release();
  pool.close();
});

test(`should hand out a node's ${DEFAULT_CONNECTIONS_PER_NODE} channels in turn, each over a connection of its own`, { timeout: 20_000 }, async (t) => {
  // A bare HTTP/2 server that counts connections and answers every call UNIMPLEMENTED.
  let sessions = 0;
  const server = http2.createServer();
  server.on('session', () => sessions++);
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(grpc.status.UNIMPLEMENTED) }));
    stream.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pool = new ChannelPool();
  t.after(() => pool.close());

  const leases = Array.from({ length: DEFAULT_CONNECTIONS_PER_NODE + 1 }, () => pool.lease(address));
  const channels = leases.map((l) => l.clients.orders.getChannel());
  assert.equal(new Set(channels).size, DEFAULT_CONNECTIONS_PER_NODE, 'distinct channels, taken in turn');
  assert.equal(channels[DEFAULT_CONNECTIONS_PER_NODE], channels[0], 'the next lease starts over');
  assert.equal(pool.inFlight(address), DEFAULT_CONNECTIONS_PER_NODE + 1);
  const answers = await Promise.all(
    leases.map((l) => callUnary(l.clients.orders, l.clients.orders.GetOrder, { orderId: ORDER_ID }, { deadline: Date.now() + 5_000 }).catch((err: unknown) => (err as grpc.ServiceError).code)),
  );
  assert.deepEqual(new Set(answers), new Set([grpc.status.UNIMPLEMENTED]), 'every call reached the server');
  assert.equal(sessions, DEFAULT_CONNECTIONS_PER_NODE, 'one connection per channel, not one shared by grpc-js');
  for (const l of leases) l.release();
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
