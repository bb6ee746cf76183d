import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderHistoryRows } from './order-history-query.js';
import type { OrderRecord } from './order-record.js';
import { orderTimeline } from './order-timeline.js';

const t = (s: number): Date => new Date(Date.UTC(2026, 11, 2, 9, 0, s));

function order(overrides: Partial<OrderRecord>): OrderRecord {
  return {
    orderId: 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB',
    requestId: '',
    customerName: 'Lan',
    region: 'HCM',
    status: 'RESERVED',
    warehouseId: 'HCM-01',
    nodeId: 'hcm-1',
    items: [{ sku: 'A', quantity: 2, unitPriceCents: 1000 }],
    totalCents: 2000,
    paymentId: '',
    shipmentId: '',
    reason: '',
    fingerprint: '',
    traceparent: '',
    createdAt: t(0),
    updatedAt: t(0),
    ...overrides,
  };
}

const none: OrderHistoryRows = { payments: [], delivery: undefined };
const brief = (events: ReturnType<typeof orderTimeline>) => events.map((e) => [e.at?.getUTCSeconds(), e.status, e.kind, e.nodeId]);

describe('an order\'s timeline from what the database records', () => {
  it('should tell a shipped order from creation to shipment, each step at its time, the last by its node', () => {
    const shipped = order({ status: 'SHIPPED', paymentId: 'pay-1', shipmentId: 'SHP-1', nodeId: 'hcm-2', updatedAt: t(9) });
    const rows: OrderHistoryRows = {
      payments: [{ paymentId: 'pay-1', amountCents: 2000, succeeded: true, failureReason: '', createdAt: t(3) }],
      delivery: { createdAt: t(3), deliveredAt: t(5), attempts: 2, lastError: '', nextAttemptAt: t(5) },
    };
    const events = orderTimeline(shipped, rows);
    assert.deepEqual(brief(events), [
      [0, 'RESERVED', 'created', ''],
      [3, 'PAID', 'payment', ''],
      [5, 'FULFILLING', 'delivery', ''],
      [9, 'SHIPPED', 'shipment', 'hcm-2'],
    ]);
    assert.equal(events[1]?.detail, 'payment pay-1 of 20.00 succeeded');
    assert.equal(events[2]?.detail, 'handed to wms-sim after 2 attempts');
    assert.equal(events[3]?.detail, 'shipment SHP-1');
  });

  it('should show a failed payment as the cancellation, and a later payment as changing nothing', () => {
    const cancelled = order({ status: 'CANCELLED', paymentId: 'pay-1', reason: 'payment failed: card declined', updatedAt: t(4) });
    const rows: OrderHistoryRows = {
      payments: [
        { paymentId: 'pay-1', amountCents: 2000, succeeded: false, failureReason: 'card declined', createdAt: t(4) },
        { paymentId: 'pay-2', amountCents: 2000, succeeded: true, failureReason: '', createdAt: t(7) },
      ],
      delivery: undefined,
    };
    const events = orderTimeline(cancelled, rows);
    assert.deepEqual(brief(events), [
      [0, 'RESERVED', 'created', ''],
      [4, 'CANCELLED', 'payment', 'hcm-1'],
      [7, undefined, 'payment', ''],
    ]);
    assert.equal(events[1]?.detail, 'payment pay-1 failed: card declined');
    assert.match(events[2]?.detail ?? '', /changed nothing/);
  });

  it('should show a cancellation without a payment (timeout or CancelOrder) at the last change, with its reason', () => {
    const events = orderTimeline(order({ status: 'CANCELLED', reason: 'payment timeout', nodeId: 'hcm-3', updatedAt: t(50) }), none);
    assert.deepEqual(brief(events), [
      [0, 'RESERVED', 'created', ''],
      [50, 'CANCELLED', 'cancellation', 'hcm-3'],
    ]);
    assert.equal(events[1]?.detail, 'payment timeout');
  });

  it('should show a rejection at creation by its node, and a delivery still being retried without a time', () => {
    assert.deepEqual(brief(orderTimeline(order({ status: 'REJECTED', warehouseId: '', reason: 'out of stock' }), none)), [[0, 'REJECTED', 'created', 'hcm-1']]);
    const paid = order({ status: 'PAID', paymentId: 'pay-1', updatedAt: t(3) });
    const events = orderTimeline(paid, {
      payments: [{ paymentId: 'pay-1', amountCents: 2000, succeeded: true, failureReason: '', createdAt: t(3) }],
      delivery: { createdAt: t(3), deliveredAt: null, attempts: 3, lastError: 'UNAVAILABLE: wms-sim down', nextAttemptAt: t(20) },
    });
    assert.deepEqual(brief(events), [
      [0, 'RESERVED', 'created', ''],
      [3, 'PAID', 'payment', 'hcm-1'],
      [undefined, undefined, 'delivery', ''],
    ]);
    assert.match(events[2]?.detail ?? '', /pending: 3 attempts so far, last error: UNAVAILABLE: wms-sim down/);
  });
});
