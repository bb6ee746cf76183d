import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InFlightPerCaller, peerHost } from './caller-limit.js';

describe('peerHost: the default caller key is the peer address without its port', () => {
  const of = (peer: string) => peerHost({ getPeer: () => peer });
  it('should drop the port of IPv4, IPv6 and IPv4-mapped peers and keep what it cannot parse', () => {
    assert.equal(of('127.0.0.1:54321'), '127.0.0.1');
    assert.equal(of('::1:54321'), '::1');
    assert.equal(of('[::1]:54321'), '::1');
    assert.equal(of('::ffff:10.0.0.7:443'), '::ffff:10.0.0.7');
    assert.equal(of('unknown'), 'unknown');
    assert.equal(of('::1'), '::1');
  });
});

describe('InFlightPerCaller', () => {
  it('should refuse a caller past its limit, count callers apart, and forget a caller with nothing in flight', () => {
    const limit = new InFlightPerCaller(2);
    assert.equal(limit.tryAcquire('a'), true);
    assert.equal(limit.tryAcquire('a'), true);
    assert.equal(limit.tryAcquire('a'), false);
    assert.equal(limit.inFlight('a'), 2, 'a refused call takes no slot');
    assert.equal(limit.tryAcquire('b'), true);
    limit.release('a');
    assert.equal(limit.tryAcquire('a'), true);
    limit.release('a');
    limit.release('a');
    limit.release('b');
    assert.equal(limit.inFlight('a'), 0);
    assert.equal(limit.inFlight('b'), 0);
  });
});
