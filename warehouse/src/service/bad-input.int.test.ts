import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callUnary } from '#lib/grpc/index.js';
import { mintOrderId } from '#lib/orders/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import { assertStatus, calls, snapshotTables, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';
import { encodePageToken } from '../orders/page-token.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One bad request: what to send, and the status and message it must get. */
interface BadInputCase {
  name: string;
  call: (api: Api) => Promise<unknown>;
  code: grpc.status;
  /** A field name the message must start with (`items[1].sku: ...`), or a pattern explaining the state. */
  fieldOrPattern: string | RegExp;
}

type Api = ReturnType<typeof calls> & {
  getStockPage: (pageSize: number, pageToken: string, warehouseId?: string) => Promise<unknown>;
  reportShipmentAs: (orderId: string, shipmentId: string, status: string) => Promise<unknown>;
};

describe('bad input to a warehouse node', { timeout: 90_000 }, () => {
  let wh: TestWarehouse;
  let api: Api;
  /** RESERVED: 2 × A at HCM-01 (total 500). */
  let reserved: Order__Output;
  /** PAID by 'pay-paid'. */
  let paid: Order__Output;
  /** SHIPPED in 'ship-shipped'. */
  let shipped: Order__Output;

  before(async () => {
    // Explicit, so the oversized-message case does not depend on the harness default.
    wh = await startTestWarehouse({ maxMessageBytes: 64 * 1024 });
    const c = wh.clients;
    const deadline = (): number => Date.now() + 15_000;
    api = {
      ...calls(c),
      getStockPage: (pageSize, pageToken, warehouseId = '') =>
        callUnary(c.inventory, c.inventory.GetStock, { warehouseId, skus: [], pageSize, pageToken }, { deadline: deadline() }),
      reportShipmentAs: (orderId, shipmentId, status) =>
        callUnary(c.orders, c.orders.ReportShipment, { orderId, shipmentId, status: status as never }, { deadline: deadline() }),
    };
    await api.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 100, unitPriceCents: 250 }, { sku: 'B', onHand: 100, unitPriceCents: 1000 }] });
    reserved = await api.createOrder({ customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 2 }] });
    assert.equal(reserved.status, 'ORDER_STATUS_RESERVED');
    paid = await api.createOrder({ customerName: 'Minh', region: 'HCM', items: [{ sku: 'B', quantity: 1 }] });
    paid = await api.confirmPayment({ orderId: paid.orderId, paymentId: 'pay-paid', amountCents: paid.totalCents, succeeded: true });
    assert.equal(paid.status, 'ORDER_STATUS_PAID');
    shipped = await api.createOrder({ customerName: 'Hoa', region: 'HCM', items: [{ sku: 'B', quantity: 1 }] });
    await api.confirmPayment({ orderId: shipped.orderId, paymentId: 'pay-shipped', amountCents: shipped.totalCents, succeeded: true });
    shipped = await api.reportShipment(shipped.orderId, 'ship-shipped');
    assert.equal(shipped.status, 'ORDER_STATUS_SHIPPED');
  });
  after(() => wh?.stop());

  it('should refuse every bad request with a status and a message naming the field or the state, writing nothing', { timeout: 60_000 }, async (t) => {
    /** A valid CreateOrder (it would reserve stock); each case breaks one thing. */
    const order = { requestId: '', customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] };
    const ulidOf = (orderId: string): string => orderId.slice(orderId.indexOf('-') + 1);
    const pay = (changes: Partial<{ orderId: string; paymentId: string; amountCents: number }>) => (a: Api) =>
      a.confirmPayment({ orderId: reserved.orderId, paymentId: 'pay-new', amountCents: reserved.totalCents, succeeded: true, ...changes });
    const { INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, RESOURCE_EXHAUSTED } = grpc.status;

    const cases: BadInputCase[] = [
      // CreateOrder
      { name: 'unknown region', call: (a) => a.createOrder({ ...order, region: 'XX' }), code: INVALID_ARGUMENT, fieldOrPattern: 'region' },
      { name: 'empty customer name', call: (a) => a.createOrder({ ...order, customerName: '' }), code: INVALID_ARGUMENT, fieldOrPattern: 'customer_name' },
      { name: 'blank customer name', call: (a) => a.createOrder({ ...order, customerName: '   ' }), code: INVALID_ARGUMENT, fieldOrPattern: 'customer_name' },
      { name: 'empty sku', call: (a) => a.createOrder({ ...order, items: [{ sku: '', quantity: 1 }] }), code: INVALID_ARGUMENT, fieldOrPattern: 'items[0].sku' },
      {
        name: 'unknown sku',
        call: (a) => a.createOrder({ ...order, items: [{ sku: 'A', quantity: 1 }, { sku: 'NOPE', quantity: 1 }] }),
        code: NOT_FOUND,
        fieldOrPattern: 'items[1].sku',
      },
      { name: 'quantity 0', call: (a) => a.createOrder({ ...order, items: [{ sku: 'A', quantity: 0 }] }), code: INVALID_ARGUMENT, fieldOrPattern: 'items[0].quantity' },
      { name: 'negative quantity', call: (a) => a.createOrder({ ...order, items: [{ sku: 'A', quantity: -3 }] }), code: INVALID_ARGUMENT, fieldOrPattern: 'items[0].quantity' },
      {
        name: 'absurd quantity',
        call: (a) => a.createOrder({ ...order, items: [{ sku: 'B', quantity: 1 }, { sku: 'A', quantity: 1_000_000 }] }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'items[1].quantity',
      },
      {
        name: 'too many items (51)',
        call: (a) => a.createOrder({ ...order, items: Array.from({ length: 51 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 })) }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'items',
      },
      {
        name: 'duplicated sku',
        call: (a) => a.createOrder({ ...order, items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }, { sku: 'A', quantity: 2 }] }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'items[2].sku',
      },
      { name: 'customer_name of 201 characters', call: (a) => a.createOrder({ ...order, customerName: 'x'.repeat(201) }), code: INVALID_ARGUMENT, fieldOrPattern: 'customer_name' },
      { name: 'request_id of 129 characters', call: (a) => a.createOrder({ ...order, requestId: 'r'.repeat(129) }), code: INVALID_ARGUMENT, fieldOrPattern: 'request_id' },
      {
        name: 'customer_name with a NUL character',
        call: (a) => a.createOrder({ ...order, customerName: 'La\u0000n' }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'customer_name',
      },
      {
        name: 'oversized message',
        call: (a) => a.createOrder({ ...order, customerName: 'x'.repeat(wh.config.maxMessageBytes + 1024) }),
        code: RESOURCE_EXHAUSTED,
        fieldOrPattern: /larger than max/,
      },

      // Order ids
      { name: "malformed order id 'nope'", call: (a) => a.getOrder('nope'), code: INVALID_ARGUMENT, fieldOrPattern: 'order_id' },
      { name: "malformed order id 'HCM-123'", call: (a) => a.cancelOrder('HCM-123'), code: INVALID_ARGUMENT, fieldOrPattern: 'order_id' },
      {
        name: 'order id with a lower-case ulid',
        call: (a) => a.cancelOrder(`HCM-${ulidOf(reserved.orderId).toLowerCase()}`),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'order_id',
      },
      { name: 'empty order id', call: (a) => a.getOrder(''), code: INVALID_ARGUMENT, fieldOrPattern: 'order_id' },
      // Every character base32, but a ULID starts with 0-7: 8ZZZ... and above overflow 128 bits.
      { name: 'order id whose ULID overflows', call: (a) => a.getOrder('HCM-ZZZZZZZZZZZZZZZZZZZZZZZZZZ'), code: INVALID_ARGUMENT, fieldOrPattern: 'order_id' },
      { name: 'payment for an order id whose ULID overflows', call: pay({ orderId: 'HCM-8ZZZZZZZZZZZZZZZZZZZZZZZZZ' }), code: INVALID_ARGUMENT, fieldOrPattern: 'order_id' },
      {
        name: 'order id of an unknown region',
        call: pay({ orderId: `XX-${ulidOf(reserved.orderId)}` }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'order_id',
      },
      { name: 'well-formed but unknown order id (GetOrder)', call: (a) => a.getOrder(mintOrderId('HCM')), code: NOT_FOUND, fieldOrPattern: 'order_id' },
      { name: 'well-formed but unknown order id (CancelOrder)', call: (a) => a.cancelOrder(mintOrderId('HN')), code: NOT_FOUND, fieldOrPattern: 'order_id' },
      { name: 'well-formed but unknown order id (ConfirmPayment)', call: pay({ orderId: mintOrderId('DN') }), code: NOT_FOUND, fieldOrPattern: 'order_id' },
      { name: 'well-formed but unknown order id (ReportShipment)', call: (a) => a.reportShipment(mintOrderId('HCM'), 'ship-x'), code: NOT_FOUND, fieldOrPattern: 'order_id' },

      // CancelOrder, ReportShipment
      { name: 'reason of 501 characters', call: (a) => a.cancelOrder(reserved.orderId, 'r'.repeat(501)), code: INVALID_ARGUMENT, fieldOrPattern: 'reason' },
      { name: 'cancel after shipping', call: (a) => a.cancelOrder(shipped.orderId, 'too late'), code: FAILED_PRECONDITION, fieldOrPattern: /is SHIPPED; only a RESERVED order can be cancelled/ },
      { name: 'ReportShipment with status PAID', call: (a) => a.reportShipmentAs(paid.orderId, 'ship-new', 'ORDER_STATUS_PAID'), code: INVALID_ARGUMENT, fieldOrPattern: 'status' },
      {
        name: 'ReportShipment without a status',
        call: (a) => a.reportShipmentAs(paid.orderId, 'ship-new', 'ORDER_STATUS_UNSPECIFIED'),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'status',
      },
      { name: 'ReportShipment without a shipment id', call: (a) => a.reportShipment(paid.orderId, ''), code: INVALID_ARGUMENT, fieldOrPattern: 'shipment_id' },

      // ConfirmPayment
      { name: 'payment_id of 129 characters', call: pay({ paymentId: 'p'.repeat(129) }), code: INVALID_ARGUMENT, fieldOrPattern: 'payment_id' },
      { name: 'empty payment_id', call: pay({ paymentId: '' }), code: INVALID_ARGUMENT, fieldOrPattern: 'payment_id' },
      { name: 'payment with the wrong amount', call: pay({ amountCents: 499 }), code: INVALID_ARGUMENT, fieldOrPattern: 'amount_cents' },
      { name: 'negative amount', call: pay({ amountCents: -500 }), code: INVALID_ARGUMENT, fieldOrPattern: 'amount_cents' },
      {
        name: 'a second payment id for a paid order',
        call: (a) => a.confirmPayment({ orderId: paid.orderId, paymentId: 'pay-second', amountCents: paid.totalCents, succeeded: true }),
        code: FAILED_PRECONDITION,
        fieldOrPattern: /already PAID, paid by payment pay-paid; payment 'pay-second' was not taken/,
      },
      {
        name: 'a payment id of another order',
        call: pay({ paymentId: 'pay-paid' }),
        code: FAILED_PRECONDITION,
        fieldOrPattern: /payment_id 'pay-paid' already paid order/,
      },

      // SetStock
      { name: 'SetStock with a malformed warehouse id', call: (a) => a.setStock({ warehouseId: 'hcm01', items: [{ sku: 'A', onHand: 5 }] }), code: INVALID_ARGUMENT, fieldOrPattern: 'warehouse_id' },
      { name: 'SetStock with a warehouse of an unknown region', call: (a) => a.setStock({ warehouseId: 'XX-01', items: [{ sku: 'A', onHand: 5, unitPriceCents: 1 }] }), code: INVALID_ARGUMENT, fieldOrPattern: 'warehouse_id' },
      {
        name: 'SetStock with a negative on_hand',
        call: (a) => a.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'B', onHand: 7 }, { sku: 'A', onHand: -1 }] }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'items[1].on_hand',
      },
      {
        name: 'SetStock of a new sku without a price',
        // The first update is valid: the whole call must roll back, not just the bad line.
        call: (a) => a.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 50 }, { sku: 'NEW', onHand: 5 }] }),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'items[1].unit_price_cents',
      },
      {
        name: 'SetStock with on_hand below reserved',
        call: (a) => a.setStock({ warehouseId: 'HCM-01', items: [{ sku: 'B', onHand: 99 }, { sku: 'A', onHand: 1 }] }),
        code: FAILED_PRECONDITION,
        fieldOrPattern: /^items\[1\]\.on_hand: 1 would be below the 2 units of 'A' reserved/,
      },
      { name: 'SetStock with no items', call: (a) => a.setStock({ warehouseId: 'HCM-01', items: [] }), code: INVALID_ARGUMENT, fieldOrPattern: 'items' },

      // Reads: paging and filters
      { name: 'GetStock with a garbage page_token', call: (a) => a.getStockPage(0, 'garbage!'), code: INVALID_ARGUMENT, fieldOrPattern: 'page_token' },
      { name: 'ListOrders with a garbage page_token', call: (a) => a.listOrders('', '', 0, 'garbage!'), code: INVALID_ARGUMENT, fieldOrPattern: 'page_token' },
      // Tokens of the right shape whose values a query cannot take (they were INTERNAL).
      ...[1e300, 8.64e15, -1e15, 1.5].map(
        (ms): BadInputCase => ({
          name: `ListOrders with a page_token holding the time ${ms}`,
          call: (a) => a.listOrders('', '', 0, encodePageToken([ms, 'HCM-X'])),
          code: INVALID_ARGUMENT,
          fieldOrPattern: 'page_token',
        }),
      ),
      {
        name: 'GetStock with a page_token holding a NUL character',
        call: (a) => a.getStockPage(0, encodePageToken(['HCM-01', 'A\u0000'])),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'page_token',
      },
      {
        name: 'ListOrders with a page_token of another method (GetStock)',
        call: (a) => a.listOrders('', '', 0, encodePageToken(['HCM-01', 'A'])),
        code: INVALID_ARGUMENT,
        fieldOrPattern: 'page_token',
      },
      { name: 'ListOrders with page_size over 1000', call: (a) => a.listOrders('', '', 1001), code: INVALID_ARGUMENT, fieldOrPattern: 'page_size' },
      { name: 'GetStock with page_size over 1000', call: (a) => a.getStockPage(1001, ''), code: INVALID_ARGUMENT, fieldOrPattern: 'page_size' },
      { name: 'ListOrders with a negative page_size', call: (a) => a.listOrders('', '', -1), code: INVALID_ARGUMENT, fieldOrPattern: 'page_size' },
      { name: 'ListOrders of an unknown region', call: (a) => a.listOrders('XX'), code: INVALID_ARGUMENT, fieldOrPattern: /^region: .*HCM, HN, DN/ },
      { name: 'GetStock of a malformed warehouse id', call: (a) => a.getStockPage(0, '', 'hcm01'), code: INVALID_ARGUMENT, fieldOrPattern: /^warehouse_id: .*<REGION>-<NAME>/ },
    ];

    for (const c of cases) {
      await t.test(c.name, async () => {
        const before = await snapshotTables(wh.database.sql);
        // A field: the message starts with it, then says what is wrong (without naming it twice).
        const field = typeof c.fieldOrPattern === 'string' ? escape(c.fieldOrPattern) : undefined;
        const pattern = field ? new RegExp(`^${field}: (?!${field}\\b)\\S`) : (c.fieldOrPattern as RegExp);
        await assertStatus(c.call(api), c.code, pattern);
        assert.deepEqual(await snapshotTables(wh.database.sql), before, `${c.name}: nothing may be written`);
      });
    }

    // The comparison above can tell: the same valid request every case broke does write.
    const before = await snapshotTables(wh.database.sql);
    await api.createOrder(order);
    assert.notDeepEqual(await snapshotTables(wh.database.sql), before, 'a valid CreateOrder changes the snapshot');
  });
});
