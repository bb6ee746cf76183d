import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../logging/index.js';
import { ordermeshV1, reflectionDefinition } from '../proto/index.js';
import { initDevCertificates } from '../security/dev-certificates.js';
import { AccessPolicy, Authorizer, CertificateFiles, DEFAULT_POLICY, meshChannelCredentials, serverCredentials } from '../security/index.js';
import { callUnary } from './client.js';
import { connectControlPlane } from './control-plane-client.js';
import { connectOrdermesh } from './clients.js';
import { checkHealth } from './health-client.js';
import { GrpcServer } from './server.js';
import { unary } from './unary-handler.js';

/**
 * GrpcServer with security: every unary and server-streaming call passes the authorizer before its
 * handler; health answers anyone over TLS; a connection's certificate is read once.
 */
describe('GrpcServer with mutual TLS and authorization', { timeout: 60_000 }, () => {
  let dir: string;
  let server: GrpcServer;
  let authorizer: Authorizer;
  let address: string;
  let handled = 0;
  const opened: Array<{ close(): void }> = [];
  const as = (name: string): grpc.ChannelCredentials => {
    const files = new CertificateFiles({ certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}-key.pem`), caFile: join(dir, 'ca.pem') });
    opened.push(files);
    return meshChannelCredentials(files);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermesh-authz-'));
    await initDevCertificates(dir, { nodes: ['hcm-1'] });
    const own = new CertificateFiles({ certFile: join(dir, 'node-hcm-1.pem'), keyFile: join(dir, 'node-hcm-1-key.pem'), caFile: join(dir, 'ca.pem') });
    opened.push(own);
    authorizer = new Authorizer({ policy: new AccessPolicy(DEFAULT_POLICY) });
    server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), maxMessageBytes: 1 << 20, security: { credentials: serverCredentials(own), authorizer } });
    const env = { log: silentLogger(), stats: server.stats };
    const v1 = ordermeshV1();
    server.addService({
      name: 'ordermesh.v1.NodeService',
      definition: v1.NodeService.service,
      handlers: {
        GetStatus: unary(env, '/ordermesh.v1.NodeService/GetStatus', async () => {
          handled++;
          return { status: { nodeId: 'hcm-1' } };
        }),
        GetNodeStats: unary(env, '/ordermesh.v1.NodeService/GetNodeStats', async () => ({ stats: {} })),
      },
    });
    server.addService({
      name: 'ordermesh.v1.ControlPlaneService',
      definition: v1.ControlPlaneService.service,
      handlers: {
        WatchAssignment: (call: grpc.ServerWritableStream<unknown, unknown>) => {
          handled++;
          call.write({ assignment: { epoch: 7 } });
          call.end();
        },
      },
    });
    address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
    server.setServing(true);
  });

  after(async () => {
    await server?.shutdown(1_000);
    for (const o of opened) o.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('should read a connection\'s certificate once, whatever the number of calls on it', async () => {
    const before = { ...authorizer.peers.counts };
    const operator = connectOrdermesh(address, { credentials: as('operator') });
    opened.push(operator);
    for (let i = 0; i < 5; i++) assert.equal((await callUnary(operator.node, operator.node.GetStatus, {}, { deadline: Date.now() + 10_000 })).status?.nodeId, 'hcm-1');
    assert.deepEqual({ read: authorizer.peers.counts.read - before.read, cached: authorizer.peers.counts.cached - before.cached }, { read: 1, cached: 4 });
  });

  it('should refuse a unary call without the role before its handler runs', async () => {
    const shop = connectOrdermesh(address, { credentials: as('ecom-sim') });
    opened.push(shop);
    const seen = handled;
    await assert.rejects(callUnary(shop.node, shop.node.GetStatus, {}, { deadline: Date.now() + 10_000 }), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.PERMISSION_DENIED);
      assert.match(err.details, /^ordermesh\.v1\.NodeService\/GetStatus needs the role operator or mesh; spiffe:\/\/ordermesh\/ecom-sim\/ecom-sim holds shop, payments/);
      return true;
    });
    assert.equal(handled, seen, 'the handler did not run');
  });

  it('should authorize server-streaming calls too', async () => {
    const watch = (credentials: grpc.ChannelCredentials): Promise<{ code: grpc.status; details: string; epochs: number[] }> => {
      const client = connectControlPlane(address, credentials);
      opened.push(client);
      return new Promise((resolve) => {
        const epochs: number[] = [];
        const stream = client.WatchAssignment({});
        stream.on('data', (m: { assignment?: { epoch?: number } }) => epochs.push(Number(m.assignment?.epoch)));
        stream.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, details: err.details, epochs }));
        stream.on('end', () => resolve({ code: grpc.status.OK, details: '', epochs }));
      });
    };
    const denied = await watch(as('ecom-sim'));
    assert.equal(denied.code, grpc.status.PERMISSION_DENIED, denied.details);
    assert.match(denied.details, /WatchAssignment needs the role operator/);
    assert.deepEqual(denied.epochs, []);
    assert.deepEqual((await watch(as('operator'))).epochs, [7]);
  });

  it('should answer health checks over TLS without an identity, and refuse plaintext', async () => {
    const anonymous = grpc.credentials.createSsl(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'ca.pem'))), null, null, { checkServerIdentity: () => undefined });
    assert.equal(await checkHealth(address, '', 5_000, anonymous), 'SERVING');
    assert.equal(await checkHealth(address, '', 2_000), 'UNREACHABLE');
  });
});
