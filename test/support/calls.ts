import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { callUnary, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import type { ConfirmPaymentRequest } from '#lib/proto/index.js';
import type { CreateOrderRequest } from '#lib/proto/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import type { OrderStatus } from '#lib/proto/index.js';
import type { SetStockRequest } from '#lib/proto/index.js';

const deadline = (): number => Date.now() + 15_000;

/** Promise-returning shorthands for the calls tests make most. */
export function calls(c: OrdermeshClients) {
  return {
    createOrder: async (req: CreateOrderRequest, metadata?: grpc.Metadata): Promise<Order__Output> =>
      entityOf(await callUnary(c.orders, c.orders.CreateOrder, req, { deadline: deadline(), ...(metadata ? { metadata } : {}) }), 'order'),
    getOrder: async (orderId: string) => entityOf(await callUnary(c.orders, c.orders.GetOrder, { orderId }, { deadline: deadline() }), 'order'),
    cancelOrder: async (orderId: string, reason = '') => entityOf(await callUnary(c.orders, c.orders.CancelOrder, { orderId, reason }, { deadline: deadline() }), 'order'),
    reportShipment: async (orderId: string, shipmentId: string, status: OrderStatus = 'ORDER_STATUS_SHIPPED') =>
      entityOf(await callUnary(c.orders, c.orders.ReportShipment, { orderId, shipmentId, status }, { deadline: deadline() }), 'order'),
    confirmPayment: async (req: ConfirmPaymentRequest) => entityOf(await callUnary(c.payments, c.payments.ConfirmPayment, req, { deadline: deadline() }), 'order'),
    setStock: (req: SetStockRequest) => callUnary(c.inventory, c.inventory.SetStock, req, { deadline: deadline() }),
    getStock: (warehouseId: string, skus: string[] = []) => callUnary(c.inventory, c.inventory.GetStock, { warehouseId, skus }, { deadline: deadline() }),
    listOrders: (region = '', status = '', pageSize = 0, pageToken = '') =>
      callUnary(c.orders, c.orders.ListOrders, { region, status: status as never, pageSize, pageToken }, { deadline: deadline() }),
  };
}

/** Asserts that `promise` fails with gRPC status `code`, and that its message matches `pattern`. */
export async function assertStatus(promise: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `expected ${grpc.status[code]} but got ${grpc.status[err.code]}: ${err.details}`);
    if (pattern) assert.match(err.details, pattern);
    return true;
  });
}
