/**
 * The ceiling of the CreateOrder benchmark: a bare grpc-js server (no health, reflection,
 * tracing, logging or call accounting) serving ordermesh.v1.OrderService/CreateOrder with a
 * handler that answers at once with an Order shaped like a real one (the request's customer,
 * request id and lines, a fixed order id, prices and timestamps). The same client code and the
 * same message types then drive both targets; the difference between them is what a warehouse
 * node does per order (validation, the Postgres transaction, tracing, bookkeeping).
 *
 * Run as a child of create-order.bench.ts (and bench/cluster.bench.ts): listens on 127.0.0.1, port 0, and reports
 * { type: 'ready', address } over IPC; stops on SIGTERM/SIGINT or when the parent goes away.
 */
import * as grpc from '@grpc/grpc-js';
import { loadOrdermesh, toTimestamp } from '#lib/proto/index.js';
import type { CreateOrderRequest__Output } from '#lib/proto/index.js';
import type { CreateOrderResponse } from '#lib/proto/index.js';
import type { Order } from '#lib/proto/index.js';
import { onStopRequest, toParent } from './children.js';

const NOW = Date.now();
const STAMP = toTimestamp(NOW);
const UNIT_PRICE_CENTS = 1_250;

/** The answer: what a warehouse node returns for a RESERVED order, minus the work. */
function cannedOrder(req: CreateOrderRequest__Output): Order {
  const items = req.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceCents: UNIT_PRICE_CENTS, lineTotalCents: i.quantity * UNIT_PRICE_CENTS }));
  return {
    orderId: `${req.region}-01JD3F1X1R8N2C5T4M7Q9W0YZB`,
    requestId: req.requestId,
    customerName: req.customerName,
    region: req.region,
    status: 'ORDER_STATUS_RESERVED',
    warehouseId: `${req.region}-01`,
    nodeId: 'bench-echo',
    items,
    totalCents: items.reduce((sum, i) => sum + i.lineTotalCents, 0),
    paymentId: '',
    reason: '',
    createdAt: STAMP,
    updatedAt: STAMP,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    shipmentId: '',
  };
}

const server = new grpc.Server();
server.addService(loadOrdermesh().proto.ordermesh.v1.OrderService.service, {
  CreateOrder: (call: grpc.ServerUnaryCall<CreateOrderRequest__Output, CreateOrderResponse>, callback: grpc.sendUnaryData<CreateOrderResponse>) => {
    callback(null, { order: cannedOrder(call.request) });
  },
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    void toParent({ type: 'failed', message: `echo server cannot listen: ${err.message}` }).then(() => process.exit(1));
    return;
  }
  void toParent({ type: 'ready', address: `127.0.0.1:${port}` });
});

onStopRequest(() => {
  server.forceShutdown();
  process.exit(0);
});
