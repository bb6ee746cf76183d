import * as grpc from '@grpc/grpc-js';
import { GrpcReflection } from 'grpc-js-reflection-client';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestWarehouse, type TestWarehouse } from '../testing/test-warehouse.js';

type Unary = (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: unknown) => void) => void;

/**
 * What grpcurl does with no .proto file: list services by reflection, fetch their descriptors,
 * and call them. This test uses only what the server's reflection answers.
 */
describe('a standalone warehouse node, by server reflection alone', { timeout: 60_000 }, () => {
  let wh: TestWarehouse;
  let reflection: GrpcReflection;
  const clients = new Map<string, grpc.Client>();

  before(async () => {
    wh = await startTestWarehouse();
    reflection = new GrpcReflection(wh.address, grpc.credentials.createInsecure());
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    await wh.stop();
  });

  async function call(service: string, method: string, request: object): Promise<Record<string, unknown>> {
    let client = clients.get(service);
    if (!client) {
      const descriptor = await reflection.getDescriptorBySymbol(service);
      const pkg = descriptor.getPackageObject({ keepCase: true, longs: Number, enums: String, defaults: true });
      const Ctor = service.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], pkg) as typeof grpc.Client;
      client = new Ctor(wh.address, grpc.credentials.createInsecure());
      clients.set(service, client);
    }
    const fn = (client as unknown as Record<string, Unary>)[method];
    assert.ok(fn, `${service} has no method ${method}`);
    return new Promise((resolve, reject) =>
      fn.call(client, request, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (err, res) => (err ? reject(err) : resolve(res as Record<string, unknown>))),
    );
  }

  it('should list every service it serves', async () => {
    const services = await reflection.listServices();
    for (const name of [
      'ordermesh.v1.OrderService',
      'ordermesh.v1.PaymentService',
      'ordermesh.v1.InventoryService',
      'ordermesh.v1.NodeService',
      'grpc.health.v1.Health',
    ]) {
      assert.ok(services.includes(name), `${name} missing from ${services.join(', ')}`);
    }
    assert.ok(!services.includes('ordermesh.v1.ControlPlaneService'), 'a warehouse node does not claim the control plane');
  });

  it('should answer every RPC of every service', async () => {
    const stock = await call('ordermesh.v1.InventoryService', 'SetStock', { warehouse_id: 'HCM-01', items: [{ sku: 'R1', on_hand: 10, unit_price_cents: 500 }] });
    assert.equal((stock.items as unknown[]).length, 1);
    assert.equal(((await call('ordermesh.v1.InventoryService', 'GetStock', { warehouse_id: 'HCM-01' })).items as unknown[]).length, 1);
    const order = await call('ordermesh.v1.OrderService', 'CreateOrder', { customer_name: 'Lan', region: 'HCM', items: [{ sku: 'R1', quantity: 2 }] });
    assert.equal(order.status, 'RESERVED');
    const id = order.order_id as string;
    assert.equal((await call('ordermesh.v1.OrderService', 'GetOrder', { order_id: id })).order_id, id);
    assert.ok(((await call('ordermesh.v1.OrderService', 'ListOrders', {})).orders as unknown[]).length >= 1);
    const paid = await call('ordermesh.v1.PaymentService', 'ConfirmPayment', { order_id: id, payment_id: 'p1', amount_cents: 1000, succeeded: true });
    assert.equal(paid.status, 'PAID');
    assert.equal((await call('ordermesh.v1.OrderService', 'ReportShipment', { order_id: id, shipment_id: 's1', status: 'SHIPPED' })).status, 'SHIPPED');
    const other = await call('ordermesh.v1.OrderService', 'CreateOrder', { customer_name: 'Minh', region: 'HCM', items: [{ sku: 'R1', quantity: 1 }] });
    assert.equal((await call('ordermesh.v1.OrderService', 'CancelOrder', { order_id: other.order_id, reason: 'test' })).status, 'CANCELLED');
    const status = await call('ordermesh.v1.NodeService', 'GetStatus', {});
    assert.equal(status.node_id, 'test-1');
    assert.equal(status.db_healthy, true);
    assert.equal((await call('grpc.health.v1.Health', 'Check', { service: '' })).status, 'SERVING');
  });
});
