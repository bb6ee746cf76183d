import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestRecord } from './request-record.js';
import { LatencySeries, percentile, RequestStats, summarizeLatencies } from './stats.js';

const record = (over: Partial<RequestRecord>): RequestRecord => ({
  orderId: 'HCM-1',
  requestId: 'r',
  startedAt: 0,
  rpc: 'CreateOrder',
  latencyMs: 1,
  code: 'OK',
  node: 'n1',
  attempt: 1,
  traceId: '',
  ...over,
});

describe('percentile', () => {
  it('should take the nearest rank: the smallest value with p% of values at or below it', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 90), 90);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile([7], 1), 7);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([1, 2, 3, 4], 51), 3);
  });

  it('should give 0 for no values', () => {
    assert.equal(percentile([], 99), 0);
    assert.deepEqual(summarizeLatencies([]), { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 });
  });
});

describe('summarizeLatencies', () => {
  it('should sort a copy and report p50/p90/p99/max/mean', () => {
    const values = [5, 1, 4, 2, 3];
    const s = summarizeLatencies(values);
    assert.deepEqual(s, { count: 5, p50Ms: 3, p90Ms: 5, p99Ms: 5, maxMs: 5, meanMs: 3 });
    assert.deepEqual(values, [5, 1, 4, 2, 3], 'the input is not modified');
  });

  it('should keep every value of a LatencySeries as it grows past its first buffer', () => {
    const series = new LatencySeries();
    for (let i = 3000; i >= 1; i--) series.add(i);
    const s = series.summary();
    assert.equal(s.count, 3000);
    assert.equal(s.maxMs, 3000);
    assert.equal(s.p50Ms, 1500);
    assert.equal(s.p99Ms, 2970);
  });
});

describe('RequestStats', () => {
  it('should count calls and failures per RPC, failures per code, and orders per node from OK CreateOrders', () => {
    const stats = new RequestStats();
    stats.add(record({ latencyMs: 10, node: 'hcm-1' }));
    stats.add(record({ latencyMs: 20, node: 'hcm-1' }));
    stats.add(record({ latencyMs: 30, node: 'hn-1' }));
    stats.add(record({ latencyMs: 5, code: 'UNAVAILABLE', node: '' }), 'Connection dropped');
    stats.add(record({ rpc: 'ConfirmPayment', latencyMs: 7, code: 'FAILED_PRECONDITION', node: '' }), 'order HCM-1 is CANCELLED');
    stats.add(record({ rpc: 'GetOrder', latencyMs: 2, code: 'UNAVAILABLE', node: '' }), 'Connection dropped');
    stats.add(record({ rpc: 'GetOrder', latencyMs: 4 }));

    assert.equal(stats.calls, 7);
    assert.equal(stats.failed, 3);
    assert.deepEqual(stats.failedByCode(), { UNAVAILABLE: 2, FAILED_PRECONDITION: 1 });
    assert.deepEqual(stats.failureSamples(), {
      UNAVAILABLE: [{ details: 'Connection dropped', calls: 2 }],
      FAILED_PRECONDITION: [{ details: 'order HCM-1 is CANCELLED', calls: 1 }],
    });
    const [create, pay, get] = stats.rpcs();
    assert.deepEqual([create?.rpc, create?.calls, create?.failed, create?.maxMs], ['CreateOrder', 4, 1, 30]);
    assert.deepEqual([pay?.rpc, pay?.calls, pay?.failed], ['ConfirmPayment', 1, 1]);
    assert.deepEqual([get?.rpc, get?.calls, get?.failed, get?.p50Ms], ['GetOrder', 2, 1, 2]);
    const nodes = stats.nodes();
    assert.deepEqual(
      nodes.map((n) => [n.nodeId, n.orders, n.share]),
      [
        ['hcm-1', 2, 2 / 3],
        ['hn-1', 1, 1 / 3],
      ],
    );
    assert.equal(nodes[0]?.createOrder.maxMs, 20);
  });

  it('should keep at most five distinct details per code, still counting repeats of those kept', () => {
    const stats = new RequestStats();
    for (let i = 0; i < 8; i += 1) stats.add(record({ code: 'INTERNAL', node: '' }), `cause ${i}`);
    stats.add(record({ code: 'INTERNAL', node: '' }), 'cause 0');
    const samples = stats.failureSamples().INTERNAL ?? [];
    assert.equal(samples.length, 5);
    assert.deepEqual(samples[0], { details: 'cause 0', calls: 2 });
    assert.equal(stats.failedByCode().INTERNAL, 9);
    // Timings do not make a deadline's details distinct.
    stats.add(record({ code: 'DEADLINE_EXCEEDED', node: '' }), 'Deadline exceeded after 0.449s,LB pick: 0.073s,remote_addr=127.0.0.1:1');
    stats.add(record({ code: 'DEADLINE_EXCEEDED', node: '' }), 'Deadline exceeded after 10.012s,name resolution: 0.001s,metadata filters: 0.06s,remote_addr=127.0.0.1:1');
    assert.deepEqual(stats.failureSamples().DEADLINE_EXCEEDED, [{ details: 'Deadline exceeded after …s,remote_addr=127.0.0.1:1', calls: 2 }]);
  });
});
