import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import { createEtcdClient } from '#lib/membership/index.js';
import { mintOrderId, ORDER_ID_METADATA } from '#lib/orders/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { Router } from '#lib/routing/index.js';
import { freePort, testEtcd, waitFor } from '#lib/testing/index.js';
import type { GatewayOptions } from './gateway.js';
import { putAssignment, startTestGateway, testAssignment, type TestGateway, type TestNodeSpec } from './testing/test-gateway.js';

/**
 * How the gateway forwards: deadlines, cancellation, metadata, which statuses it retries and
 * which it returns unchanged. The nodes here are fakes behind the real gRPC API (real servers on
 * port 0 that record what reaches them), so the tests can see what a node receives.
 */

interface Seen {
  node: string;
  method: string;
  request: Record<string, unknown>;
  deadline: number;
  /** Date.now() when the handler ran (after grpc-js turned the timeout into a deadline). */
  receivedAt: number;
  orderIdMetadata: string | undefined;
  cancelled: boolean;
}

type Behaviour = (method: string, request: Record<string, unknown>) => Promise<unknown>;

interface FakeNode {
  spec: TestNodeSpec;
  stop(): void;
}

/** A status error as a node would answer it. */
function status(code: grpc.status, details: string): grpc.StatusObject {
  return { code, details, metadata: new grpc.Metadata() };
}

const order = (node: string) => async (_method: string, request: Record<string, unknown>) => ({ order: { orderId: request.orderId, nodeId: node, status: 'ORDER_STATUS_RESERVED' } });

async function startFakeNode(nodeId: string, seen: Seen[], behaviour: Behaviour): Promise<FakeNode> {
  const server = new grpc.Server();
  const v1 = loadOrdermesh().proto.ordermesh.v1;
  const handle =
    (method: string): grpc.handleUnaryCall<Record<string, unknown>, unknown> =>
    (call, callback) => {
      const deadline = call.getDeadline();
      const entry: Seen = {
        node: nodeId,
        method,
        request: call.request,
        deadline: deadline instanceof Date ? deadline.getTime() : deadline,
        receivedAt: Date.now(),
        orderIdMetadata: call.metadata.get(ORDER_ID_METADATA)[0]?.toString(),
        cancelled: false,
      };
      seen.push(entry);
      call.on('cancelled', () => (entry.cancelled = true));
      behaviour(method, { ...call.request, orderId: call.request.orderId || entry.orderIdMetadata }).then(
        (response) => callback(null, response),
        (err: grpc.StatusObject) => callback(err),
      );
    };
  const methods = (names: string[]) => Object.fromEntries(names.map((n) => [n, handle(n)]));
  server.addService(v1.OrderService.service, methods(['CreateOrder', 'GetOrder', 'ListOrders', 'CancelOrder', 'ReportShipment']));
  server.addService(v1.InventoryService.service, methods(['SetStock', 'GetStock']));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { spec: { nodeId, region: 'HCM', address: `127.0.0.1:${port}` }, stop: () => server.forceShutdown() };
}

interface Fixture {
  gw: TestGateway;
  seen: Seen[];
  publish(specs: TestNodeSpec[], epoch: number): Promise<Router>;
}

async function fixture(t: TestContext, nodes: Record<string, Behaviour>, gateway: Partial<GatewayOptions> = {}): Promise<Fixture & { fakes: Map<string, FakeNode> }> {
  const etcd = await testEtcd();
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const seen: Seen[] = [];
  const fakes = new Map<string, FakeNode>();
  for (const [id, behaviour] of Object.entries(nodes)) fakes.set(id, await startFakeNode(id, seen, behaviour));
  const gw = await startTestGateway({ endpoints: etcd.endpoints, prefix: etcd.prefix, ...gateway });
  t.after(async () => {
    await gw.stop();
    for (const fake of fakes.values()) fake.stop();
    client.close();
    await etcd.cleanup();
  });
  return {
    gw,
    seen,
    fakes,
    async publish(specs, epoch) {
      const assignment = testAssignment(specs, { epoch });
      await putAssignment(client, etcd.prefix, assignment);
      await waitFor(() => gw.gateway.source.epoch === epoch, { message: `epoch ${epoch}` });
      return new Router(assignment);
    },
  };
}

/** An order id of region HCM that `router` gives to `nodeId` first. */
function orderIdOwnedBy(router: Router, nodeId: string): string {
  for (;;) {
    const id = mintOrderId('HCM');
    if (router.owner(id)?.nodeId === nodeId) return id;
  }
}

async function assertRejects(promise: Promise<unknown>, code: grpc.status, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `expected ${grpc.status[code]}, got ${grpc.status[err.code]}: ${err.details}`);
    assert.match(err.details, pattern);
    return true;
  });
}

test("should give the node the caller's deadline, moved earlier by the margin and later only by transit", { timeout: 30_000 }, async (t) => {
  const marginMs = 10;
  const f = await fixture(t, { 'fake-a': order('fake-a') }, { deadlineMarginMs: marginMs });
  await f.publish([f.fakes.get('fake-a')!.spec], 1);
  const { orders } = f.gw.clients;
  // gRPC sends a deadline as a relative timeout, and every receiver adds it to its own "now":
  // each hop moves the absolute deadline later by its transit time. So the node's deadline is
  // the caller's − the gateway's margin + the transit of both hops, and the transit is at most
  // the time from the caller's send to the node's handler (one process, one clock). With
  // transit under the margin (a quiet host) that is "no later than the caller's".
  for (const timeoutMs of [800, 3_000, 60_000]) {
    const sentAt = Date.now();
    const callerDeadline = sentAt + timeoutMs;
    const id = mintOrderId('HCM');
    await callUnary(orders, orders.GetOrder, { orderId: id }, { deadline: callerDeadline });
    const downstream = f.seen.find((s) => s.request.orderId === id);
    assert.ok(downstream, 'the node saw the call');
    assert.ok(Number.isFinite(downstream.deadline), 'the node got a deadline');
    const transitMs = downstream.receivedAt - sentAt;
    assert.ok(
      downstream.deadline <= callerDeadline - marginMs + transitMs,
      `node deadline ${downstream.deadline} <= caller deadline ${callerDeadline} - margin ${marginMs} + transit ${transitMs}`,
    );
  }
});

test('should give the node the default deadline when the caller set none', { timeout: 30_000 }, async (t) => {
  const f = await fixture(t, { 'fake-a': order('fake-a') }, { defaultDeadlineMs: 4_000 });
  await f.publish([f.fakes.get('fake-a')!.spec], 1);
  const { orders } = f.gw.clients;
  const id = mintOrderId('HCM');
  await callUnary(orders, orders.GetOrder, { orderId: id });
  const returnedAt = Date.now();
  const downstream = f.seen.find((s) => s.request.orderId === id);
  assert.ok(downstream && Number.isFinite(downstream.deadline), 'the node got a deadline although the caller set none');
  assert.ok(downstream.deadline <= returnedAt + 4_000, 'at most the default from when the gateway forwarded it');
});

test("should cancel the node's call when the caller cancels", { timeout: 30_000 }, async (t) => {
  const f = await fixture(t, { 'fake-a': () => new Promise(() => undefined) });
  await f.publish([f.fakes.get('fake-a')!.spec], 1);
  const { orders } = f.gw.clients;
  const caller = new AbortController();
  const pending = callUnary(orders, orders.GetOrder, { orderId: mintOrderId('HCM') }, { deadline: Date.now() + 20_000, signal: caller.signal });
  const downstream = await waitFor(() => f.seen[0], { message: 'the node to receive the call' });
  caller.abort();
  await assertRejects(pending, grpc.status.CANCELLED, /./);
  await waitFor(() => downstream.cancelled, { message: "the node's call to be cancelled" });
  assert.equal(f.seen.length, 1, 'a cancelled call is not retried');
});

test('should send the minted order id in metadata, the same one on every retry', { timeout: 30_000 }, async (t) => {
  const f = await fixture(t, {
    'fake-down': async () => {
      throw status(grpc.status.UNAVAILABLE, 'the node is draining');
    },
    'fake-up': order('fake-up'),
  });
  await f.publish([f.fakes.get('fake-down')!.spec, f.fakes.get('fake-up')!.spec], 1);
  const { orders } = f.gw.clients;
  let retried = 0;
  for (let i = 0; i < 40 && retried < 2; i++) {
    const from = f.seen.length;
    const created = entityOf(await callUnary(orders, orders.CreateOrder, { customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] }, { deadline: Date.now() + 5_000 }), 'order');
    const attempts = f.seen.slice(from);
    assert.equal(created.nodeId, 'fake-up');
    assert.match(created.orderId, /^HCM-[0-9A-Z]{26}$/);
    assert.deepEqual(
      attempts.map((a) => a.orderIdMetadata),
      attempts.map(() => created.orderId),
      'every attempt carried the id the caller got back',
    );
    if (attempts.length === 2) {
      retried++;
      assert.deepEqual(attempts.map((a) => a.node), ['fake-down', 'fake-up']);
    }
  }
  assert.equal(retried, 2, 'some orders were owned by the unavailable node and retried');
});

test('should return every status but UNAVAILABLE unchanged, without retrying', { timeout: 30_000 }, async (t) => {
  const answers: Array<[grpc.status, string]> = [
    [grpc.status.FAILED_PRECONDITION, 'order HCM-x is SHIPPED; only a RESERVED order can be cancelled'],
    [grpc.status.NOT_FOUND, 'order_id: no order HCM-x'],
    [grpc.status.ABORTED, 'the database aborted the transaction after repeated conflicts; try again'],
    [grpc.status.INTERNAL, 'internal error; the server logged the details'],
  ];
  let next = 0;
  const f = await fixture(t, {
    'fake-a': async () => {
      const [code, details] = answers[next]!;
      throw status(code, details);
    },
    'fake-b': order('fake-b'),
  });
  const router = await f.publish([f.fakes.get('fake-a')!.spec, f.fakes.get('fake-b')!.spec], 1);
  const { orders } = f.gw.clients;
  for (next = 0; next < answers.length; next++) {
    const [code, details] = answers[next]!;
    const from = f.seen.length;
    await assertRejects(callUnary(orders, orders.CancelOrder, { orderId: orderIdOwnedBy(router, 'fake-a'), reason: '' }, { deadline: Date.now() + 5_000 }), code, new RegExp(`^${details.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.deepEqual(f.seen.slice(from).map((s) => s.node), ['fake-a'], `${grpc.status[code]} was not retried`);
  }
});

test('should retry SetStock in ADD mode only when the request never reached a node', { timeout: 30_000 }, async (t) => {
  const stocked = async () => ({ items: [] });
  const f = await fixture(t, {
    'fake-ok': stocked,
    'fake-flaky': async () => {
      throw status(grpc.status.UNAVAILABLE, 'the database is unreachable; try again shortly');
    },
  });
  const { inventory } = f.gw.clients;
  const add = { warehouseId: 'HCM-01', mode: 'STOCK_UPDATE_MODE_ADD' as const, items: [{ sku: 'A', onHand: 5, unitPriceCents: 100 }] };
  const set = { ...add, mode: 'STOCK_UPDATE_MODE_SET' as const };

  // A node that refuses connections never saw the request: retried, ADD or not.
  const closed = { nodeId: 'dead-1', region: 'HCM', address: `127.0.0.1:${await freePort()}` };
  await f.publish([closed, f.fakes.get('fake-ok')!.spec], 1);
  for (let i = 0; i < 4; i++) await callUnary(inventory, inventory.SetStock, add, { deadline: Date.now() + 5_000 });

  // A node that answered UNAVAILABLE may have applied an ADD: returned to the caller, not retried.
  await f.publish([f.fakes.get('fake-flaky')!.spec, f.fakes.get('fake-ok')!.spec], 2);
  let refused = 0;
  for (let i = 0; i < 4; i++) {
    const from = f.seen.length;
    const result = await callUnary(inventory, inventory.SetStock, add, { deadline: Date.now() + 5_000 }).then(
      () => 'ok',
      (err: grpc.ServiceError) => err,
    );
    const nodes = f.seen.slice(from).map((s) => s.node);
    if (nodes[0] === 'fake-flaky') {
      refused++;
      assert.equal(typeof result, 'object');
      assert.equal((result as grpc.ServiceError).code, grpc.status.UNAVAILABLE);
      assert.match((result as grpc.ServiceError).details, /the database is unreachable/);
      assert.deepEqual(nodes, ['fake-flaky'], 'not retried');
    } else {
      assert.equal(result, 'ok');
    }
  }
  assert.ok(refused > 0, 'the flaky node was tried first at least once');
  // SET is idempotent: retried on the next node.
  for (let i = 0; i < 4; i++) await callUnary(inventory, inventory.SetStock, set, { deadline: Date.now() + 5_000 });
});

test('should answer UNAVAILABLE naming the nodes tried when every candidate stays unavailable until the deadline', { timeout: 30_000 }, async (t) => {
  const down = async () => {
    throw status(grpc.status.UNAVAILABLE, 'the node is draining');
  };
  const f = await fixture(t, { 'fake-a': down, 'fake-b': down });
  await f.publish([f.fakes.get('fake-a')!.spec, f.fakes.get('fake-b')!.spec], 1);
  const { orders } = f.gw.clients;
  await assertRejects(
    callUnary(orders, orders.GetOrder, { orderId: mintOrderId('HCM') }, { deadline: Date.now() + 1_500 }),
    grpc.status.UNAVAILABLE,
    /^no warehouse node could serve GetOrder for order HCM-\S+; try again shortly \(.*fake-[ab] at 127\.0\.0\.1:\d+: the node is draining/,
  );
  assert.ok(new Set(f.seen.map((s) => s.node)).size === 2, 'both candidates were tried');
  assert.ok(f.seen.length > 2, 'with rounds of retries while the deadline allowed');
});

test('should forward a routable request without validating it: the node answers its bad fields', { timeout: 30_000 }, async (t) => {
  const f = await fixture(t, {
    'fake-a': async (_method, request) => {
      throw status(grpc.status.INVALID_ARGUMENT, `items[0].quantity: must be at least 1 (node saw ${JSON.stringify(request.items)})`);
    },
  });
  await f.publish([f.fakes.get('fake-a')!.spec], 1);
  const { orders } = f.gw.clients;
  await assertRejects(
    callUnary(orders, orders.CreateOrder, { customerName: '', region: 'HCM', items: [{ sku: 'A', quantity: 0 }] }, { deadline: Date.now() + 5_000 }),
    grpc.status.INVALID_ARGUMENT,
    /^items\[0\]\.quantity: must be at least 1 \(node saw \[\{"sku":"A","quantity":0\}\]\)$/,
  );
  assert.equal(f.seen.length, 1, 'the node got the request');
  assert.match(f.seen[0]!.orderIdMetadata ?? '', /^HCM-[0-9A-Z]{26}$/, 'with the id the gateway minted');
});

test('should refuse bytes that are not a request message as INVALID_ARGUMENT naming the request, reaching no node', { timeout: 30_000 }, async (t) => {
  const f = await fixture(t, { 'fake-a': order('fake-a') });
  await f.publish([f.fakes.get('fake-a')!.spec], 1);
  const raw = new grpc.Client(f.gw.address, grpc.credentials.createInsecure());
  t.after(() => raw.close());
  const identity = (b: Buffer): Buffer => b;
  // order_id (field 1, length-delimited) claims 40 bytes of the 3 that follow.
  const garbage = Buffer.from([0x0a, 40, 0x48, 0x43, 0x4d]);
  const call = new Promise<Buffer>((resolve, reject) =>
    raw.makeUnaryRequest('/ordermesh.v1.OrderService/GetOrder', identity, identity, garbage, new grpc.Metadata(), { deadline: Date.now() + 5_000 }, (err, value) =>
      err ? reject(err) : resolve(value!),
    ),
  );
  await assertRejects(call, grpc.status.INVALID_ARGUMENT, /^request: is not a valid ordermesh\.v1\.GetOrderRequest message \(/);
  assert.equal(f.seen.length, 0, 'no node saw it');
});

test("should pass the node's response bytes, headers and trailers back untouched", { timeout: 30_000 }, async (t) => {
  const etcd = await testEtcd();
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  // A node answering with custom headers and trailers, on success and on failure.
  const server = new grpc.Server();
  const v1 = loadOrdermesh().proto.ordermesh.v1;
  server.addService(v1.OrderService.service, {
    GetOrder: (call: grpc.ServerUnaryCall<{ orderId: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const headers = new grpc.Metadata();
      headers.set('x-node-header', 'h-1');
      call.sendMetadata(headers);
      const trailers = new grpc.Metadata();
      trailers.set('x-node-trailer', 't-1');
      trailers.set('x-node-bin', Buffer.from([1, 2, 3]));
      if (call.request.orderId.endsWith('Z')) callback({ code: grpc.status.NOT_FOUND, details: 'order_id: no order', metadata: trailers });
      else callback(null, { order: { orderId: call.request.orderId, nodeId: 'meta-1', totalCents: 4200 } }, trailers);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const gw = await startTestGateway({ endpoints: etcd.endpoints, prefix: etcd.prefix });
  t.after(async () => {
    await gw.stop();
    server.forceShutdown();
    client.close();
    await etcd.cleanup();
  });
  await putAssignment(client, etcd.prefix, testAssignment([{ nodeId: 'meta-1', region: 'HCM', address: `127.0.0.1:${port}` }], { epoch: 1 }));
  await waitFor(() => gw.gateway.source.epoch === 1, { message: 'epoch 1' });

  const { orders } = gw.clients;
  for (const orderId of ['HCM-01JD3F1X1R8N2C5T4M7Q9W0YZA', 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZZ']) {
    let headers: grpc.Metadata | undefined;
    let trailers: grpc.Metadata | undefined;
    const result = await new Promise<{ err: grpc.ServiceError | null; value: unknown }>((resolve) => {
      const call = orders.GetOrder({ orderId }, new grpc.Metadata(), { deadline: Date.now() + 5_000 }, (err, value) => resolve({ err, value }));
      call.on('metadata', (m) => (headers = m));
      call.on('status', (s) => (trailers = s.metadata));
    });
    await waitFor(() => trailers, { message: 'the status' });
    assert.deepEqual(headers?.get('x-node-header'), ['h-1'], `${orderId}: the node's header`);
    assert.deepEqual(trailers?.get('x-node-trailer'), ['t-1'], `${orderId}: the node's trailer`);
    assert.deepEqual(trailers?.get('x-node-bin'), [Buffer.from([1, 2, 3])], `${orderId}: the node's binary trailer`);
    if (orderId.endsWith('Z')) {
      assert.equal(result.err?.code, grpc.status.NOT_FOUND);
      assert.equal(result.err?.details, 'order_id: no order');
    } else {
      assert.equal(result.err, null);
      const got = entityOf(result.value as { order: { orderId: string; nodeId: string; totalCents: number } | null }, 'order');
      assert.deepEqual([got.orderId, got.nodeId, got.totalCents], [orderId, 'meta-1', 4200]);
    }
  }
});
