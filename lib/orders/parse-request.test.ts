import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors/index.js';
import { parseRequest, protoFieldPath } from './parse-request.js';

test('protoFieldPath should spell a zod path as the proto field users typed', () => {
  assert.equal(protoFieldPath(['items', 2, 'unitPriceCents']), 'items[2].unit_price_cents');
  assert.equal(protoFieldPath(['orderId']), 'order_id');
  assert.equal(protoFieldPath([]), '');
});

test('parseRequest should name the field of the first problem, or the request when it is the whole message', () => {
  const schema = z.object({ items: z.array(z.object({ lineTotalCents: z.number() })) });
  assert.throws(() => parseRequest(schema, { items: [{ lineTotalCents: 'x' }] }), (err: unknown) => err instanceof InvalidArgumentError && err.field === 'items[0].line_total_cents');
  assert.throws(() => parseRequest(schema, 'not an object'), (err: unknown) => err instanceof InvalidArgumentError && err.field === 'request');
  assert.deepEqual(parseRequest(schema, { items: [] }), { items: [] });
});
