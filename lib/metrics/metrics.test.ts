import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { callUnary, connectOrdermesh, GrpcServer, unary } from '../grpc/index.js';
import { silentLogger } from '../logging/index.js';
import { ordermeshV1, reflectionDefinition } from '../proto/index.js';
import { CachedReading, createMetricsRegistry, metricsPortSchema, observedCounter, observedGauge, serveMetrics } from './index.js';

describe('metrics endpoint', { timeout: 30_000 }, () => {
  it('should serve the registry at GET /metrics in the Prometheus text format, and 404 elsewhere', async () => {
    const registry = createMetricsRegistry();
    observedGauge(registry, { name: 'ordermesh_test_value', help: 'a test value', labelNames: ['kind'], read: () => [[{ kind: 'a' }, 7]] });
    const server = await serveMetrics({ registry, log: silentLogger(), host: '127.0.0.1', port: 0 });
    assert.ok(server);
    try {
      const res = await fetch(server.url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      assert.match(text, /^# TYPE ordermesh_test_value gauge$/m);
      assert.match(text, /^ordermesh_test_value\{kind="a"\} 7$/m);
      assert.match(text, /^process_cpu_seconds_total /m, 'standard process metrics');
      assert.equal((await fetch(server.url.replace('/metrics', '/'))).status, 404);
      assert.equal((await fetch(server.url, { method: 'POST' })).status, 405);
    } finally {
      await server.close();
    }
  });

  it('should serve nothing when no port is configured', async () => {
    assert.equal(await serveMetrics({ registry: createMetricsRegistry(), log: silentLogger(), host: '127.0.0.1', port: undefined }), undefined);
  });

  it('should refuse a metrics port that is taken, naming it', async () => {
    const first = await serveMetrics({ registry: createMetricsRegistry(), log: silentLogger(), host: '127.0.0.1', port: 0 });
    assert.ok(first);
    try {
      const port = Number(first.address.split(':')[1]);
      await assert.rejects(serveMetrics({ registry: createMetricsRegistry(), log: silentLogger(), host: '127.0.0.1', port }), new RegExp(`cannot serve metrics on 127.0.0.1:${port}`));
    } finally {
      await first.close();
    }
  });

  it('should accept unset, 0 and 1-65535 as the metrics port, and refuse the rest', () => {
    assert.equal(metricsPortSchema.parse(undefined), undefined);
    assert.equal(metricsPortSchema.parse('0'), 0);
    assert.equal(metricsPortSchema.parse('9464'), 9464);
    for (const bad of ['65536', '-1', '1.5', 'x']) assert.equal(metricsPortSchema.safeParse(bad).success, false, bad);
  });
});

describe('observed metrics', () => {
  it('should read counters and gauges at scrape time, and leave out a reading that is unknown', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    let total = 3;
    let known: number | undefined = 1;
    observedCounter(registry, { name: 'ordermesh_test_total', help: 'a test counter', read: () => total });
    observedGauge(registry, { name: 'ordermesh_test_known', help: 'a gauge that may be unknown', read: () => known });
    assert.match(await registry.metrics(), /^ordermesh_test_total 3$/m);
    total = 5;
    known = undefined;
    const text = await registry.metrics();
    assert.match(text, /^ordermesh_test_total 5$/m);
    assert.doesNotMatch(text, /^ordermesh_test_known /m);
  });

  it('should read a cached value at most once per max age, once for concurrent askers, and give undefined on failure', async () => {
    let reads = 0;
    let fail = false;
    const cached = new CachedReading(async () => {
      reads += 1;
      if (fail) throw new Error('database down');
      return reads;
    }, 60_000);
    assert.deepEqual(await Promise.all([cached.get(), cached.get(), cached.get()]), [1, 1, 1]);
    assert.equal(await cached.get(), 1);
    assert.equal(reads, 1);
    const expired = new CachedReading(async () => {
      reads += 1;
      if (fail) throw new Error('database down');
      return reads;
    }, 0);
    fail = true;
    assert.equal(await expired.get(), undefined);
  });
});

describe('RED metrics of a GrpcServer', { timeout: 30_000 }, () => {
  it('should count each unary call by service, method and status code, refused calls included', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), maxMessageBytes: 1 << 20, metrics: registry });
    const env = { log: silentLogger(), stats: server.stats };
    server.addService({
      name: 'ordermesh.v1.NodeService',
      definition: ordermeshV1().NodeService.service,
      handlers: {
        GetStatus: unary(env, '/ordermesh.v1.NodeService/GetStatus', async () => ({ status: { nodeId: 'red' } })),
        GetNodeStats: unary(env, '/ordermesh.v1.NodeService/GetNodeStats', async () => {
          throw new Error('boom');
        }),
      },
    });
    const address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
    server.setServing(true);
    const clients = connectOrdermesh(address);
    try {
      for (let i = 0; i < 3; i++) await callUnary(clients.node, clients.node.GetStatus, {}, { deadline: Date.now() + 5_000 });
      await assert.rejects(callUnary(clients.node, clients.node.GetNodeStats, {}, { deadline: Date.now() + 5_000 }), (e: grpc.ServiceError) => e.code === grpc.status.INTERNAL);
      const text = await registry.metrics();
      assert.match(text, /^ordermesh_rpc_server_duration_seconds_count\{service="ordermesh.v1.NodeService",method="GetStatus",code="OK"\} 3$/m);
      assert.match(text, /^ordermesh_rpc_server_duration_seconds_count\{service="ordermesh.v1.NodeService",method="GetNodeStats",code="INTERNAL"\} 1$/m);
      assert.match(text, /^ordermesh_rpc_server_in_flight 0$/m);
    } finally {
      clients.close();
      await server.shutdown(1_000);
    }
  });
});
