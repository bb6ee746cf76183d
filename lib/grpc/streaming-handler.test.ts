import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../logging/index.js';
import { createMetricsRegistry, type MetricsRegistry } from '../metrics/index.js';
import { ordermeshV1, reflectionDefinition } from '../proto/index.js';
import { waitFor } from '../testing/index.js';
import { GrpcServer } from './server.js';
import { serverStream } from './streaming-handler.js';

const METHOD = '/ordermesh.v1.ControlPlaneService/WatchAssignment';

// Spans go to memory (each test file runs in its own process, so the global provider is this file's).
const spans = new tracing.InMemorySpanExporter();
trace.setGlobalTracerProvider(new tracing.BasicTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(spans)] }));

type WatchClient = grpc.Client & { WatchAssignment(request: object): grpc.ClientReadableStream<unknown> };

describe('serverStream: a server stream gets a span, its method stats and the RED metrics, with its final status', { timeout: 60_000 }, () => {
  let server: GrpcServer;
  let registry: MetricsRegistry;
  let client: WatchClient;

  before(async () => {
    registry = createMetricsRegistry({ processMetrics: false });
    server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), metrics: registry });
    const env = { log: silentLogger(), stats: server.stats };
    server.addService({
      name: 'ordermesh.v1.ControlPlaneService',
      definition: ordermeshV1().ControlPlaneService.service,
      handlers: {
        // after_epoch picks the behaviour: 1 ends at once, 2 fails, anything else stays open (a watch).
        WatchAssignment: serverStream(env, METHOD, async (call: grpc.ServerWritableStream<{ afterEpoch?: string | number }, object>) => {
          const after = Number(call.request.afterEpoch ?? 0);
          call.write({ assignment: { epoch: after + 1 } });
          if (after === 1) call.end();
          if (after === 2) throw new Error('the watch broke');
        }),
      },
    });
    const address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
    server.setServing(true);
    client = new (ordermeshV1().ControlPlaneService)(address, grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await server?.shutdown(1_000);
  });

  /** Opens a watch; `ended` resolves with the status it ends with, once the first message came. */
  const watch = (afterEpoch: number): { stream: grpc.ClientReadableStream<unknown>; first: Promise<void>; ended: Promise<string> } => {
    const stream = client.WatchAssignment({ afterEpoch });
    const first = new Promise<void>((resolve) => stream.once('data', () => resolve()));
    const ended = new Promise<string>((resolve) => {
      stream.on('error', (err: grpc.ServiceError) => resolve(grpc.status[err.code] ?? String(err.code)));
      stream.on('status', (s: grpc.StatusObject) => s.code === grpc.status.OK && resolve('OK'));
    });
    return { stream, first, ended };
  };

  const count = async (code: string): Promise<number> => {
    const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`ordermesh_rpc_server_duration_seconds_count{service="ordermesh.v1.ControlPlaneService",method="WatchAssignment",code="${code}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const serverSpans = (code: number) => spans.getFinishedSpans().filter((s) => s.name === METHOD && s.kind === SpanKind.SERVER && s.attributes['rpc.grpc.status_code'] === code);

  it('should record a stream the handler ended as OK', async () => {
    const { ended } = watch(1);
    assert.equal(await ended, 'OK');
    await waitFor(async () => (await count('OK')) === 1, { message: 'WatchAssignment code OK counted' });
    assert.equal(serverSpans(grpc.status.OK).length, 1, 'one server span, ended with status 0');
  });

  it('should end a stream whose handler threw with the mapped status (INTERNAL for a bug), and record that status', async () => {
    const { ended } = watch(2);
    assert.equal(await ended, 'INTERNAL');
    await waitFor(async () => (await count('INTERNAL')) === 1, { message: 'WatchAssignment code INTERNAL counted' });
    const [span] = serverSpans(grpc.status.INTERNAL);
    assert.equal(span?.status.code, SpanStatusCode.ERROR, 'the span is marked as an error');
    assert.equal(span?.events.some((e) => e.name === 'exception'), true, 'with the exception recorded');
  });

  it('should count an open watch in flight in its method only, and record it CANCELLED when its client cancels', async () => {
    const { stream, first, ended } = watch(0);
    await first;
    const open = server.stats.methods().get(METHOD);
    assert.equal(open?.inFlight, 1, 'the open watch is in flight in its method');
    assert.equal(server.stats.inFlight, 0, 'but not in the total that admission reads');
    stream.cancel();
    assert.equal(await ended, 'CANCELLED');
    await waitFor(async () => (await count('CANCELLED')) === 1, { message: 'WatchAssignment code CANCELLED counted' });
    assert.equal(serverSpans(grpc.status.CANCELLED).length, 1);
    const closed = server.stats.methods().get(METHOD);
    // Three streams so far: OK, INTERNAL (failed) and this one (a client's cancel is a watch's normal end).
    assert.deepEqual([closed?.inFlight, closed?.served, closed?.failed], [0, 3, 1]);
    assert.equal(server.stats.snapshot().served, 0, 'streams are not in the total');
  });
});
