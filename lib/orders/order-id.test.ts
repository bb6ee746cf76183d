import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mintOrderId, orderIdProblem, parseOrderId } from './order-id.js';
import { DEFAULT_TOPOLOGY } from './topology.js';
import { validateOrderId } from './requests.js';
import { InvalidArgumentError } from '../errors/index.js';

describe('order ids: <REGION>-<ULID>, a ULID being at most 7ZZZZZZZZZZZZZZZZZZZZZZZZZ', () => {
  it('should parse minted ids and the largest ULID', () => {
    const id = mintOrderId('HCM');
    assert.equal(parseOrderId(id)?.region, 'HCM');
    assert.deepEqual(parseOrderId('DN-7ZZZZZZZZZZZZZZZZZZZZZZZZZ'), { region: 'DN', ulid: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ' });
    assert.equal(orderIdProblem(id), undefined);
  });

  it('should refuse a ULID that overflows 128 bits, saying so', () => {
    for (const id of ['HCM-8ZZZZZZZZZZZZZZZZZZZZZZZZZ', 'HCM-ZZZZZZZZZZZZZZZZZZZZZZZZZZ', 'HN-80000000000000000000000000']) {
      assert.equal(parseOrderId(id), undefined, id);
      assert.match(orderIdProblem(id) ?? '', /ULID overflows 128 bits/, id);
    }
  });

  it('should word every other malformed id as not of the form <REGION>-<ULID>', () => {
    assert.equal(orderIdProblem(''), 'is required');
    for (const id of ['nope', 'HCM-1', 'hcm-01ARZ3NDEKTSV4RRFFQ69G5FAV', 'HCM-01ARZ3NDEKTSV4RRFFQ69G5FA\u0000', 'HCM-01ARZ3NDEKTSV4RRFFQ69G5FAU']) {
      assert.equal(parseOrderId(id), undefined, id);
      assert.match(orderIdProblem(id) ?? '', /is not an order id of the form <REGION>-<ULID>$/, id);
    }
  });

  it('should make the request validators answer INVALID_ARGUMENT naming order_id for an overflowing id', () => {
    assert.throws(
      () => validateOrderId({ orderId: 'HCM-ZZZZZZZZZZZZZZZZZZZZZZZZZZ' }, DEFAULT_TOPOLOGY),
      (err: unknown) => err instanceof InvalidArgumentError && err.field === 'order_id' && /overflows/.test(err.message),
    );
  });
});
