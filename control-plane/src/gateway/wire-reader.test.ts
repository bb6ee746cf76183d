import type * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '#lib/errors/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { MalformedRequestError } from './errors.js';
import { requestType } from './request-type.js';
import { readStringField, readVarintField } from './wire-reader.js';

const create = requestType('ordermesh.v1.OrderService', 'CreateOrder');
const getOrder = requestType('ordermesh.v1.OrderService', 'GetOrder');
const setStock = requestType('ordermesh.v1.InventoryService', 'SetStock');

/** Serializes `request` as a client does (proto-loader with the generated types' options). */
function encode(service: string, method: string, request: object): Buffer {
  const definition = loadOrdermesh().definition[service] as grpc.ServiceDefinition;
  const serialize = definition[method]?.requestSerialize;
  if (!serialize) throw new Error(`no ${service}/${method}`);
  return serialize(request);
}

const ORDER = { requestId: 'r-1', customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] };

/** A varint-encoded tag. */
const tag = (field: number, wireType: number): number => (field << 3) | wireType;

test('should read the one field routed on, skipping the fields before and after it', () => {
  const bytes = encode('ordermesh.v1.OrderService', 'CreateOrder', ORDER);
  assert.equal(readStringField(bytes, create.shape, 3), 'HCM');
  assert.equal(readStringField(bytes, create.shape, 1), 'r-1');
  assert.equal(readStringField(encode('ordermesh.v1.OrderService', 'GetOrder', { orderId: 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB' }), getOrder.shape, 1), 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB');
});

test('should read an absent field as proto3 does: the empty string, or 0', () => {
  assert.equal(readStringField(encode('ordermesh.v1.OrderService', 'CreateOrder', { ...ORDER, region: '' }), create.shape, 3), '');
  assert.equal(readStringField(Buffer.alloc(0), getOrder.shape, 1), '');
  const set = encode('ordermesh.v1.InventoryService', 'SetStock', { warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 1 }] });
  assert.equal(readVarintField(set, setStock.shape, 3), 0);
  const add = encode('ordermesh.v1.InventoryService', 'SetStock', { warehouseId: 'HCM-01', mode: 'STOCK_UPDATE_MODE_ADD', items: [{ sku: 'A', onHand: 1 }] });
  assert.equal(readVarintField(add, setStock.shape, 3), 2);
  assert.equal(readStringField(add, setStock.shape, 1), 'HCM-01');
});

test('should take the last occurrence of a repeated scalar field, and skip fields the message does not declare', () => {
  // order_id "HN-x", an unknown field 9 of every wire type, then order_id "HCM-y".
  const bytes = Buffer.concat([
    Buffer.from([tag(1, 2), 4]),
    Buffer.from('HN-x'),
    Buffer.from([tag(9, 0), 0x96, 0x01, tag(9, 1), 1, 2, 3, 4, 5, 6, 7, 8, tag(9, 5), 1, 2, 3, 4, tag(9, 2), 2, 0xff, 0xff]),
    Buffer.from([tag(1, 2), 5]),
    Buffer.from('HCM-y'),
  ]);
  assert.equal(readStringField(bytes, getOrder.shape, 1), 'HCM-y');
});

test('should refuse bytes that are not a message of the type as INVALID_ARGUMENT naming the request', () => {
  const good = encode('ordermesh.v1.OrderService', 'CreateOrder', ORDER);
  const cases: Array<[string, Buffer]> = [
    ['truncated', good.subarray(0, good.length - 3)],
    ['a length past the end', Buffer.from([tag(1, 2), 50, 0x41])],
    ['a string field sent as a varint', Buffer.from([tag(3, 0), 1])],
    ['field number 0', Buffer.from([0, 1])],
    ['wire type 7', Buffer.from([tag(5, 7)])],
    // items[0] is a LineItem whose sku claims 9 bytes of the 2 there are.
    ['a broken nested message', Buffer.from([tag(3, 2), 3, 0x48, 0x43, 0x4d, tag(4, 2), 4, tag(1, 2), 9, 0x41, 0x42])],
  ];
  for (const [name, bytes] of cases) {
    assert.throws(
      () => readStringField(bytes, create.shape, 3),
      (err: unknown) => {
        assert.ok(err instanceof MalformedRequestError && err instanceof InvalidArgumentError, `${name}: ${String(err)}`);
        assert.match(err.message, /^request: is not a valid ordermesh\.v1\.CreateOrderRequest message \(/, name);
        return true;
      },
      name,
    );
  }
});
