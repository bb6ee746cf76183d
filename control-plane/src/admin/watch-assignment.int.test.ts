import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrpcServer } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { createEtcdClient } from '#lib/membership/index.js';
import { createMetricsRegistry } from '#lib/metrics/index.js';
import { ordermeshV1, reflectionDefinition } from '#lib/proto/index.js';
import { testEtcd, waitFor, withDeadline } from '#lib/testing/index.js';
import { Gateway } from '../gateway/index.js';
import { putAssignment, testAssignment } from '../gateway/testing/test-gateway.js';
import { controlPlaneServiceHandlers } from './index.js';

const METHOD = '/ordermesh.v1.ControlPlaneService/WatchAssignment';

type WatchClient = grpc.Client & { WatchAssignment(request: object): grpc.ClientReadableStream<{ assignment?: { epoch?: string | number } }> };

test('a WatchAssignment call should show in the method stats and the RED metrics with its final status', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 2_000 });
  t.after(() => client.close());
  const log = silentLogger();
  const gateway = new Gateway({ client, prefix: etcd.prefix, log });
  const registry = createMetricsRegistry({ processMetrics: false });
  const server = new GrpcServer({ log, definition: reflectionDefinition(), metrics: registry });
  server.addService({
    name: 'ordermesh.v1.ControlPlaneService',
    definition: ordermeshV1().ControlPlaneService.service,
    handlers: controlPlaneServiceHandlers({ env: { log, stats: server.stats }, client, prefix: etcd.prefix, gateway, leader: async () => undefined }),
  });
  const address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
  server.setServing(true);
  const stopGateway = new AbortController();
  const running = gateway.start(stopGateway.signal);
  running.catch(() => undefined);
  t.after(async () => {
    await server.shutdown(1_000);
    stopGateway.abort();
    await running.catch(() => undefined);
  });
  const watcher = new (ordermeshV1().ControlPlaneService)(address, grpc.credentials.createInsecure()) as unknown as WatchClient;
  t.after(() => watcher.close());

  await withDeadline(45_000, async () => {
    await putAssignment(client, etcd.prefix, testAssignment([{ nodeId: 'hcm-1', region: 'HCM', address: '127.0.0.1:1' }], { epoch: 1 }));
    await waitFor(() => gateway.source.epoch === 1, { message: 'the gateway to see epoch 1' });

    const stream = watcher.WatchAssignment({ afterEpoch: 0 });
    const ended = new Promise<string>((resolve) => stream.on('error', (err: grpc.ServiceError) => resolve(grpc.status[err.code] ?? String(err.code))));
    const first = await new Promise<{ assignment?: { epoch?: string | number } }>((resolve) => stream.once('data', resolve));
    assert.equal(Number(first.assignment?.epoch), 1, 'the watch sent the current assignment');
    assert.equal(server.stats.methods().get(METHOD)?.inFlight, 1, 'an open watch is in flight in its method');

    stream.cancel();
    assert.equal(await ended, 'CANCELLED');
    await waitFor(() => server.stats.methods().get(METHOD)?.served === 1, { message: 'the closed watch counted' });
    const stats = server.stats.methods().get(METHOD);
    assert.deepEqual([stats?.inFlight, stats?.failed], [0, 0], 'a watch its client cancelled is not a failure');
    const text = await registry.metrics();
    assert.match(text, /^ordermesh_rpc_server_duration_seconds_count\{service="ordermesh\.v1\.ControlPlaneService",method="WatchAssignment",code="CANCELLED"\} 1$/m);
  });
});
