import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary } from '#lib/grpc/index.js';
import { assertStatus, calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';

describe('NodeService.GetOrderHistory', { timeout: 60_000 }, () => {
  let wh: TestWarehouse;
  const history = (orderId: string) => callUnary(wh.clients.node, wh.clients.node.GetOrderHistory, { orderId }, { deadline: Date.now() + 10_000 });

  before(async () => {
    wh = await startTestWarehouse();
    await calls(wh.clients).setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 100, unitPriceCents: 250 }] });
  });
  after(() => wh.stop());

  it('should tell a paid order and a cancelled one from the database, with times', async () => {
    const api = calls(wh.clients);
    const paid = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 2 }] });
    await api.confirmPayment({ orderId: paid.orderId, paymentId: 'hist-pay-1', amountCents: paid.totalCents, succeeded: true });
    const answer = await history(paid.orderId);
    assert.equal(answer.order?.orderId, paid.orderId);
    assert.deepEqual(
      answer.events.map((e) => [e.kind, e.status]),
      [
        ['created', 'ORDER_STATUS_RESERVED'],
        ['payment', 'ORDER_STATUS_PAID'],
        // Background work is off in this warehouse: the delivery waits, with no time yet.
        ['delivery', 'ORDER_STATUS_UNSPECIFIED'],
      ],
    );
    assert.ok(answer.events[0]?.at && answer.events[1]?.at, 'creation and payment have times');
    assert.equal(answer.events[2]?.at, null);
    assert.equal(answer.events[1]?.detail, 'payment hist-pay-1 of 5.00 succeeded');
    assert.equal(answer.events[1]?.nodeId, paid.nodeId, 'the node of the last change');

    const failed = await api.createOrder({ customerName: 'Hoa', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] });
    await api.confirmPayment({ orderId: failed.orderId, paymentId: 'hist-pay-2', amountCents: failed.totalCents, succeeded: false, failureReason: 'card declined' });
    const cancelled = await history(failed.orderId);
    assert.deepEqual(cancelled.events.map((e) => [e.kind, e.status, e.detail]), [
      ['created', 'ORDER_STATUS_RESERVED', `stock reserved at HCM-01 for 2.50`],
      ['payment', 'ORDER_STATUS_CANCELLED', 'payment hist-pay-2 failed: card declined'],
    ]);
  });

  it('should answer INVALID_ARGUMENT naming order_id for a malformed id, and NOT_FOUND for an unknown one', async () => {
    await assertStatus(history('nonsense'), grpc.status.INVALID_ARGUMENT, /order_id/);
    await assertStatus(history('HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB'), grpc.status.NOT_FOUND, /order_id/);
  });
});
