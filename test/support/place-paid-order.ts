import { callUnary, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import type { Order__Output } from '#lib/proto/index.js';

const deadline = (): number => Date.now() + 10_000;

/** Places an order for `items` on `clients` and pays it; returns the PAID order. */
export async function placePaidOrder(clients: OrdermeshClients, items: Array<{ sku: string; quantity: number }>, region = 'HCM'): Promise<Order__Output> {
  const order = entityOf(await callUnary(clients.orders, clients.orders.CreateOrder, { customerName: 'Lan', region, items }, { deadline: deadline() }), 'order');
  if (order.status !== 'ORDER_STATUS_RESERVED') throw new Error(`order ${order.orderId} is ${order.status} (${order.reason}), not RESERVED`);
  const paid = await callUnary(
    clients.payments,
    clients.payments.ConfirmPayment,
    { orderId: order.orderId, paymentId: `pay-${order.orderId}`, amountCents: order.totalCents, succeeded: true },
    { deadline: deadline() },
  );
  return entityOf(paid, 'order');
}
