import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCodeOf } from './main.js';
import { formatProgressLine, formatSummary, progressBar, ProgressRenderer } from './render.js';
import type { SimulationProgress } from './progress.js';
import type { SimulationSummary } from './summary.js';

const progress = (over: Partial<SimulationProgress> = {}): SimulationProgress => ({
  phase: 'placing',
  target: '127.0.0.1:50051',
  elapsedMs: 1500,
  settleElapsedMs: 0,
  placed: 512,
  acknowledged: 510,
  ordersTarget: 1000,
  durationS: undefined,
  ratePerS: 340.4,
  statuses: { RESERVED: 12, PAID: 40, SHIPPED: 400, CANCELLED: 50, REJECTED: 8 },
  pending: 100,
  failedCalls: 0,
  lost: 0,
  ...over,
});

const latency = { count: 10, p50Ms: 1.25, p90Ms: 2, p99Ms: 3, maxMs: 150.4, meanMs: 1.5 };

const summary = (over: Partial<SimulationSummary> = {}): SimulationSummary => ({
  target: '127.0.0.1:50051',
  seed: 42,
  startedAt: '2025-01-01T00:00:00.000Z',
  interrupted: false,
  placingS: 2,
  settleS: 1,
  finalStatuses: ['SHIPPED', 'CANCELLED', 'REJECTED'],
  orders: { placed: 10, acknowledged: 10, notAcknowledged: 0, byStatus: { SHIPPED: 8, CANCELLED: 2 }, lost: 0, stuck: 0, lostOrderIds: [], stuckOrderIds: [] },
  payments: { sent: 10, succeeded: 8, declined: 2, failed: 0 },
  throughput: { ordersPerS: 5, callsPerS: 12 },
  failedCalls: {},
  failureSamples: {},
  latency: [
    { rpc: 'CreateOrder', calls: 10, failed: 0, ...latency },
    { rpc: 'ConfirmPayment', calls: 10, failed: 0, ...latency },
    { rpc: 'GetOrder', calls: 12, failed: 0, ...latency },
  ],
  nodes: [{ nodeId: 'hcm-1', orders: 10, share: 1, createOrder: latency }],
  orderToFinal: latency,
  orderToFinalByStatus: { SHIPPED: latency, CANCELLED: latency },
  pollIntervalMs: 250,
  ok: true,
  ...over,
});

describe('formatProgressLine', () => {
  it('should show the bar, the count, the rate, every status and the failures', () => {
    assert.equal(
      formatProgressLine(progress()),
      '[##########..........] 512/1000 orders  340/s  RESERVED 12 PAID 40 SHIPPED 400 CANCELLED 50 REJECTED 8  failed 0',
    );
  });

  it('should fill the bar by time when only a duration bounds the run, and flag lost orders', () => {
    const line = formatProgressLine(progress({ ordersTarget: undefined, durationS: 10, elapsedMs: 2500, lost: 2, statuses: { FULFILLING: 3 } }));
    assert.match(line, /^\[#####\.{15}\] 512 orders {2}3\/10 s {2}340\/s/);
    assert.match(line, /RESERVED 0 PAID 0 FULFILLING 3 SHIPPED 0/);
    assert.match(line, /LOST 2$/);
  });

  it('should say what it is waiting for before the catalogue, and how many are pending while settling', () => {
    assert.equal(formatProgressLine(progress({ phase: 'catalogue', waitingFor: 'UNAVAILABLE: no connection' })), 'waiting for a catalogue (stock) at 127.0.0.1:50051: UNAVAILABLE: no connection');
    assert.match(formatProgressLine(progress({ phase: 'settling', placed: 1000, settleElapsedMs: 3100, pending: 52 })), /^\[#{20}\] 1000\/1000 orders {2}settling 3\.1 s: 52 not final/);
    assert.match(formatProgressLine(progress({ phase: 'done', placed: 250 })), /^\[#{5}\.{15}\] 250\/1000 orders {2}done/, 'a run stopped early shows how far it got');
    assert.match(formatProgressLine(progress({ phase: 'done', ordersTarget: undefined, durationS: 5 })), /^\[#{20}\] 512 orders {2}done/);
  });

  it('should clamp the bar', () => {
    assert.equal(progressBar(-1, 4), '[....]');
    assert.equal(progressBar(2, 4), '[####]');
    assert.equal(progressBar(Number.NaN, 4), '[....]');
  });
});

describe('ProgressRenderer', () => {
  const sink = () => {
    const out: string[] = [];
    return { out, write: (s: string) => out.push(s) };
  };

  it('should rewrite one line in place on a terminal, cut to its width, and end it on finish', () => {
    const s = sink();
    const r = new ProgressRenderer(s, { tty: true, columns: 40 });
    r.update(progress());
    r.update(progress({ placed: 513 }));
    r.finish();
    assert.equal(s.out.length, 3);
    for (const chunk of s.out.slice(0, 2)) {
      assert.match(chunk, /^\r.*\x1b\[K$/);
      assert.ok(!chunk.includes('\n'));
      assert.ok(chunk.length - '\r\x1b[K'.length <= 39);
    }
    assert.equal(s.out[2], '\n');
  });

  it('should print plain lines at most every interval, and at every phase change, when not a terminal', () => {
    const s = sink();
    let now = 0;
    const r = new ProgressRenderer(s, { tty: false, plainIntervalMs: 2000, now: () => now });
    r.update(progress());
    now = 500;
    r.update(progress());
    now = 1000;
    r.update(progress({ phase: 'settling' }));
    now = 2100;
    r.update(progress({ phase: 'settling' }));
    now = 3000;
    r.update(progress({ phase: 'settling' }));
    r.finish();
    assert.equal(s.out.length, 3);
    assert.ok(s.out.every((line) => line.endsWith('\n') && !line.includes('\r')));
  });
});

describe('formatSummary', () => {
  it('should give the verdict and tables of statuses, RPCs and nodes', () => {
    const text = formatSummary(summary());
    assert.match(text, /orders: 10 placed, 10 acknowledged, 0 not acknowledged, 0 lost, 0 stuck/);
    assert.match(text, /throughput: 5\.0 orders\/s over 2\.0 s of placing/);
    assert.match(text, /^OK: /m);
    assert.match(text, /^STATUS +ORDERS +SHARE/m);
    assert.match(text, /^SHIPPED +8 +80\.0% +final +1\.3 +3\.0$/m);
    assert.match(text, /^RPC +CALLS +FAILED +P50 MS +P90 MS +P99 MS +MAX MS$/m);
    assert.match(text, /^GetOrder +12 +0 +1\.3 +2\.0 +3\.0 +150$/m);
    assert.match(text, /^hcm-1 +10 +100\.0%/m);
    assert.doesNotMatch(text, /FAILED CALLS/);
  });

  it('should name the failure: lost and stuck orders, failed calls by code', () => {
    const text = formatSummary(
      summary({
        ok: false,
        failedCalls: { UNAVAILABLE: 3 },
        failureSamples: { UNAVAILABLE: [{ details: 'No connection established', calls: 2 }, { details: 'Connection dropped', calls: 1 }] },
        orders: { placed: 10, acknowledged: 9, notAcknowledged: 1, byStatus: { SHIPPED: 7, PAID: 1 }, lost: 1, stuck: 1, lostOrderIds: ['HCM-X'], stuckOrderIds: ['HN-Y'] },
      }),
    );
    assert.match(text, /^FAILED: 1 lost, 1 not final after 1\.0 s of settling$/m);
    assert.match(text, /^PAID +1 +11\.1% +NOT FINAL/m);
    assert.match(text, /^LOST +1 /m);
    assert.match(text, /^UNAVAILABLE +3$/m);
    assert.match(text, /^ {2}UNAVAILABLE: No connection established \(2 calls; 1 other details in --json\)$/m);
    assert.match(text, /^lost: HCM-X$/m);
    assert.match(text, /^not final: HN-Y$/m);
  });
});

describe('exitCodeOf', () => {
  it('should be 0 when settled, 1 when lost or stuck, 130 when interrupted with nothing lost', () => {
    assert.equal(exitCodeOf(summary()), 0);
    const o = summary().orders;
    assert.equal(exitCodeOf(summary({ ok: false, orders: { ...o, stuck: 1 } })), 1);
    assert.equal(exitCodeOf(summary({ ok: false, orders: { ...o, lost: 1 } })), 1);
    assert.equal(exitCodeOf(summary({ interrupted: true, ok: false, orders: { ...o, stuck: 4 } })), 130);
    assert.equal(exitCodeOf(summary({ interrupted: true, ok: false, orders: { ...o, lost: 1 } })), 1);
  });
});
