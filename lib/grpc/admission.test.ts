import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../logging/index.js';
import { ordermeshV1 } from '../proto/index.js';
import { callUnary } from './client.js';
import { connectOrdermesh, type OrdermeshClients } from './clients.js';
import { checkHealth } from './health-client.js';
import { reflectionDefinition } from '../proto/index.js';
import { GrpcServer } from './server.js';
import { unary } from './unary-handler.js';

describe('GrpcServer admission: past its in-flight limit a server sheds at once', { timeout: 60_000 }, () => {
  const LIMIT = 3;
  let server: GrpcServer;
  let clients: OrdermeshClients;
  let address: string;
  const gates: Array<() => void> = [];
  let started = 0;

  before(async () => {
    server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), maxMessageBytes: 1 << 20, maxInFlight: LIMIT });
    const env = { log: silentLogger(), stats: server.stats };
    server.addService({
      name: 'ordermesh.v1.NodeService',
      definition: ordermeshV1().NodeService.service,
      handlers: {
        // Each call waits until the test lets it finish: the server is saturated on demand.
        GetStatus: unary(env, '/ordermesh.v1.NodeService/GetStatus', async () => {
          started += 1;
          await new Promise<void>((resolve) => gates.push(resolve));
          return { status: { nodeId: 'admission' } };
        }),
        GetNodeStats: unary(env, '/ordermesh.v1.NodeService/GetNodeStats', async () => ({ stats: {} })),
      },
    });
    address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
    server.setServing(true);
    clients = connectOrdermesh(address);
  });
  after(async () => {
    gates.splice(0).forEach((open) => open());
    clients?.close();
    await server?.shutdown(1_000);
  });

  const getStatus = () => callUnary(clients.node, clients.node.GetStatus, {}, { deadline: Date.now() + 30_000 });

  it('should answer the calls over the limit RESOURCE_EXHAUSTED before any work, stay healthy, and serve again when load drops', async () => {
    const calls = Array.from({ length: LIMIT + 5 }, () => getStatus().then(() => 'OK', (err: grpc.ServiceError) => grpc.status[err.code]));
    // The shed calls are answered while the admitted ones are still held: nothing waits for them.
    let timer: NodeJS.Timeout | undefined;
    const shed = await Promise.race([Promise.all(calls.slice(LIMIT)), new Promise((resolve) => (timer = setTimeout(() => resolve('held'), 20_000)))]);
    clearTimeout(timer);
    assert.deepEqual(shed, Array(5).fill('RESOURCE_EXHAUSTED'), 'every call over the limit shed at once');
    assert.equal(started, LIMIT, 'the shed calls did no work');
    assert.equal(server.shedCalls, 5);
    assert.equal(await checkHealth(address), 'SERVING', 'health checks answer while the server is saturated');
    gates.splice(0).forEach((open) => open());
    assert.deepEqual(await Promise.all(calls.slice(0, LIMIT)), Array(LIMIT).fill('OK'), 'the admitted calls complete');
    // Load gone: new calls are admitted again, no restart.
    const again = getStatus();
    await new Promise((resolve) => setImmediate(resolve));
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    gates.splice(0).forEach((open) => open());
    assert.equal((await again).status?.nodeId, 'admission');
  });
});
