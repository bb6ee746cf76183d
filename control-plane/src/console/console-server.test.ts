import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidArgumentError, NotFoundError } from '#lib/errors/index.js';
import type { ConsoleSnapshot } from './console-snapshot.js';
import { CONSOLE_ACTION_HEADER, ConsoleServer, type ConsoleActions } from './console-server.js';
import type { OrderView } from './order-view.js';

/** Actions behind the console's own interface, recording what they were asked. */
class RecordingActions implements ConsoleActions {
  latest: ConsoleSnapshot | undefined;
  readonly drained: string[] = [];
  private readonly listeners = new Set<(s: ConsoleSnapshot) => void>();

  snapshot(): ConsoleSnapshot | undefined {
    return this.latest;
  }
  subscribe(listener: (s: ConsoleSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  publish(snapshot: ConsoleSnapshot): void {
    this.latest = snapshot;
    for (const l of this.listeners) l(snapshot);
  }
  async order(orderId: string): Promise<OrderView> {
    if (!orderId.startsWith('HCM-')) throw new InvalidArgumentError('order_id', `'${orderId}' is not an order id`);
    throw new NotFoundError('order_id', `order ${orderId} not found`);
  }
  async drain(nodeId: string): Promise<{ epoch: number }> {
    this.drained.push(nodeId);
    return { epoch: 7 };
  }
}

function snapshotAt(epoch: number): ConsoleSnapshot {
  return {
    at: new Date().toISOString(),
    replicaId: 'cp-1',
    leader: 'cp-1',
    epoch,
    publishedAt: new Date().toISOString(),
    ready: true,
    regions: [],
    nodes: [],
    rpcs: [],
    traffic: { at: [], ratePerS: [], p50Ms: [], p99Ms: [] },
    ordersByStatus: null,
    ordersCountedAt: null,
    outboxBacklog: null,
    epochs: [],
    jaegerUiUrl: 'http://127.0.0.1:16686',
  };
}

describe('the console HTTP server', { timeout: 30_000 }, () => {
  const actions = new RecordingActions();
  const server = new ConsoleServer({
    actions,
    maxStreams: 1,
    files: new Map([['/', { body: Buffer.from('<!doctype html><title>t</title>'), contentType: 'text/html; charset=utf-8' }]]),
  });
  let base: string;

  before(async () => {
    base = `http://127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
  });
  after(() => server.close());

  it('should serve the page with a Content-Security-Policy that allows only its own scripts', async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('should answer an unknown path 404 and a wrong method 405 with Allow, as JSON', async () => {
    const missing = await fetch(`${base}/../../etc/passwd`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND');
    const wrong = await fetch(`${base}/api/snapshot`, { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD');
    const getDrain = await fetch(`${base}/api/nodes/hn-1/drain`);
    assert.equal(getDrain.status, 405);
    assert.equal(getDrain.headers.get('allow'), 'POST');
    assert.deepEqual(actions.drained, [], 'a GET never drains');
  });

  it('should answer 503 before the first snapshot, then the snapshot', async () => {
    assert.equal((await fetch(`${base}/api/snapshot`)).status, 503);
    actions.publish(snapshotAt(3));
    const res = await fetch(`${base}/api/snapshot`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as ConsoleSnapshot).epoch, 3);
  });

  it('should refuse a drain without the console header and change nothing', async () => {
    const res = await fetch(`${base}/api/nodes/hn-1/drain`, { method: 'POST' });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { error: string }).error, new RegExp(CONSOLE_ACTION_HEADER));
    assert.deepEqual(actions.drained, []);
  });

  it('should drain with the header and answer the epoch', async () => {
    const res = await fetch(`${base}/api/nodes/hn-1/drain`, { method: 'POST', headers: { [CONSOLE_ACTION_HEADER]: 'drain' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { nodeId: 'hn-1', state: 'DRAINING', epoch: 7 });
    assert.deepEqual(actions.drained, ['hn-1']);
  });

  it('should map an order lookup error to the HTTP status of its gRPC code, naming the field', async () => {
    const bad = await fetch(`${base}/api/orders/nonsense`);
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: "order_id: 'nonsense' is not an order id", code: 'INVALID_ARGUMENT' });
    const unknown = await fetch(`${base}/api/orders/HCM-01J0000000000000000000000`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: string }).code, 'NOT_FOUND');
    const garbled = await fetch(`${base}/api/orders/%E0%A4%A`);
    assert.equal(garbled.status, 400);
    assert.deepEqual(await garbled.json(), { error: 'order_id: is not valid percent-encoding', code: 'INVALID_ARGUMENT' });
    const garbledDrain = await fetch(`${base}/api/nodes/%E0%A4%A/drain`, { method: 'POST', headers: { [CONSOLE_ACTION_HEADER]: 'drain' } });
    assert.equal(garbledDrain.status, 400);
    assert.deepEqual(actions.drained, ['hn-1'], 'a bad node id drains nothing');
  });

  it('should stream the current snapshot, then each new one, as server-sent events', async () => {
    actions.publish(snapshotAt(4));
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { signal: controller.signal });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const epochs = (): number[] => [...text.matchAll(/^data: (.*)$/gm)].map((m) => (JSON.parse(m[1] ?? '{}') as ConsoleSnapshot).epoch);
    while (epochs().length < 1) text += decoder.decode((await reader.read()).value as Uint8Array | undefined);
    actions.publish(snapshotAt(5));
    while (epochs().length < 2) text += decoder.decode((await reader.read()).value as Uint8Array | undefined);
    assert.deepEqual(epochs(), [4, 5]);
    assert.match(text, /^event: snapshot$/m);
    const second = await fetch(`${base}/api/events`);
    assert.equal(second.status, 503, 'past its stream limit (1 here) a page is refused at once');
    assert.equal(second.headers.get('retry-after'), '5');
    controller.abort();
  });
});
