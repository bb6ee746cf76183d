import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it, type TestContext } from 'node:test';
import { callUnary } from '#lib/grpc/index.js';
import { operatorClientFlags } from '#lib/security/dev-certificates.js';
import { join } from 'node:path';
import { certificateFileNames } from '#lib/security/dev-certificates.js';
import { launchChromium, spawnOrdermesh, TestCluster } from './harness/index.js';
import { grpcurl, requireTool, type GrpcurlCall } from './harness/real-clients.js';

const ORDER = JSON.stringify({ customer_name: 'Lan', region: 'HCM', items: [{ sku: 'SKU-TLS', quantity: 1 }] });
const STOCK = JSON.stringify({ warehouse_id: 'HCM-01', items: [{ sku: 'SKU-TLS', on_hand: 100, unit_price_cents: 250 }] });

/**
 * A cluster with mutual TLS, called with the clients people use: the real grpcurl with the flags
 * `ordermesh dev --tls` prints works, and grpcurl without them is refused; `ordermesh status` and
 * `ordermesh health` with the TLS flags. The gateway checks roles as the node does.
 */
describe('a mutual-TLS cluster and the clients people use', { timeout: 180_000 }, () => {
  let cluster: TestCluster;
  let flags: { grpcurl: string[]; ordermesh: string[] };

  before(async () => {
    cluster = await TestCluster.start({ tls: true, nodesPerRegion: { HCM: 1 } });
    flags = operatorClientFlags(cluster.tls?.dir ?? '');
  });
  after(() => cluster?.stop());

  async function call(t: TestContext, c: Omit<GrpcurlCall, 'address'>): Promise<Awaited<ReturnType<typeof grpcurl>> | undefined> {
    const binary = requireTool(t, 'grpcurl');
    if (!binary) return undefined;
    return grpcurl(binary, { address: cluster.gateway(), ...c });
  }

  it('should serve grpcurl with the printed flags: list, SetStock, CreateOrder', async (t) => {
    const listed = await call(t, { verb: 'list', transport: flags.grpcurl });
    if (!listed) return;
    assert.equal(listed.exitCode, 0, listed.stderr);
    assert.match(listed.stdout, /ordermesh\.v1\.OrderService/);
    const stocked = await call(t, { verb: 'ordermesh.v1.InventoryService/SetStock', data: STOCK, transport: flags.grpcurl });
    assert.equal(stocked?.code, 'OK', stocked?.stderr);
    const created = await call(t, { verb: 'ordermesh.v1.OrderService/CreateOrder', data: ORDER, transport: flags.grpcurl });
    assert.equal(created?.code, 'OK', created?.stderr);
    assert.equal((created?.messages[0]?.order as { status?: string } | undefined)?.status, 'ORDER_STATUS_RESERVED');
    // GetStats makes the control plane call each node (GetNodeStats) on its own behalf, as the mesh.
    const stats = await call(t, { verb: 'ordermesh.v1.ControlPlaneService/GetStats', transport: flags.grpcurl });
    assert.equal(stats?.code, 'OK', stats?.stderr);
    const listed2 = await call(t, { verb: 'list', transport: flags.grpcurl.slice(0, 2) });
    assert.equal(listed2?.exitCode, 0, `reflection answers a TLS caller without a certificate: ${listed2?.stderr}`);
  });

  it('should serve the web console over HTTPS to the operator certificate only (curl)', (t) => {
    const url = cluster.consoleUrl();
    assert.match(url, /^https:/, 'the console of a TLS mesh is HTTPS');
    // curl with the files grpcurl gets: -cacert/-cert/-key are spelled --cacert/--cert/--key.
    const [, ca, , cert, , key] = flags.grpcurl;
    const curl = (...args: string[]): { status: string; body: string } | undefined => {
      const run = spawnSync('curl', ['-sS', '-o', '-', '-w', '\n%{http_code}', '--cacert', ca ?? '', ...args], { encoding: 'utf8', timeout: 15_000 });
      if (run.error) return undefined;
      const lines = run.stdout.trimEnd().split('\n');
      return { status: lines.at(-1) ?? '', body: lines.slice(0, -1).join('\n') };
    };
    const page = curl('--cert', cert ?? '', '--key', key ?? '', url);
    if (!page) return t.skip('curl is not installed (apt-get install curl)');
    assert.equal(page.status, '200', page.body);
    assert.match(page.body, /<html/i);
    const anonymous = curl(`${url}api/snapshot`);
    assert.equal(anonymous?.status, '401', anonymous?.body);
    assert.match(anonymous?.body ?? '', /client certificate/);
    const plaintext = spawnSync('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', url.replace('https:', 'http:')], { encoding: 'utf8', timeout: 15_000 });
    assert.notEqual(plaintext.stdout, '200', 'no plain HTTP answer from a TLS console');
  });

  it('should show the TLS console live in Chromium presenting the operator certificate, and refuse Chromium without one', async () => {
    const dir = cluster.tls?.dir ?? '';
    const files = certificateFileNames('operator', 'admin');
    const url = cluster.consoleUrl();
    const browser = await launchChromium();
    try {
      // The mesh CA is not in Chromium's store; the certificate check is the client's (curl above).
      const operator = await browser.newContext({
        ignoreHTTPSErrors: true,
        clientCertificates: [{ origin: new URL(url).origin, certPath: join(dir, files.cert), keyPath: join(dir, files.key) }],
      });
      const page = await operator.newPage();
      await page.goto(url);
      // The node's row arrives over the event stream: the live feed passed the same check.
      await page.locator('tr[data-node-id="hcm-1"]').waitFor({ timeout: 30_000 });
      const anonymous = await browser.newContext({ ignoreHTTPSErrors: true });
      const refused = await (await anonymous.newPage()).goto(url);
      assert.equal(refused?.status(), 401);
      assert.match((await refused?.text()) ?? '', /client certificate/);
    } finally {
      await browser.close();
    }
  });

  it('should refuse grpcurl without the flags: plaintext, no CA, no client certificate', async (t) => {
    const plaintext = await call(t, { verb: 'list' });
    if (!plaintext) return;
    assert.notEqual(plaintext.exitCode, 0, 'a plaintext grpcurl must not get an answer');
    const untrusted = await call(t, { verb: 'list', transport: [] });
    assert.notEqual(untrusted?.exitCode, 0, 'grpcurl that does not trust the mesh CA must refuse the server');
    assert.match(untrusted?.stderr ?? '', /certificate/);
    const anonymous = await call(t, { verb: 'ordermesh.v1.OrderService/CreateOrder', data: ORDER, transport: flags.grpcurl.slice(0, 2) });
    assert.equal(anonymous?.code, 'UNAUTHENTICATED', anonymous?.stderr);
    assert.match(anonymous?.message ?? '', /CreateOrder needs an authenticated caller/);
  });

  it('should refuse at the gateway a caller without the role, naming the method and the role', async (t) => {
    const dir = cluster.tls?.dir ?? '';
    const shop = ['-cacert', `${dir}/ca.pem`, '-cert', `${dir}/ecom-sim.pem`, '-key', `${dir}/ecom-sim-key.pem`];
    const forged = JSON.stringify({ warehouse_id: 'HCM-01', items: [{ sku: 'SKU-TLS', on_hand: 999, unit_price_cents: 1 }] });
    const denied = await call(t, { verb: 'ordermesh.v1.InventoryService/SetStock', data: forged, transport: shop });
    if (!denied) return;
    assert.equal(denied.code, 'PERMISSION_DENIED', denied.stderr);
    const gateway = cluster.connect(cluster.gateway());
    const level = (await callUnary(gateway.inventory, gateway.inventory.GetStock, { warehouseId: 'HCM-01', skus: ['SKU-TLS'] }, { deadline: Date.now() + 10_000 })).items[0];
    assert.deepEqual([level?.onHand, level?.unitPriceCents], [100, 250], 'the refused SetStock changed nothing (the operator set 100 at 250)');
    assert.match(denied.message, /SetStock needs the role fulfilment or operator; spiffe:\/\/ordermesh\/ecom-sim\/ecom-sim holds shop, payments/);
    const drain = await call(t, { verb: 'ordermesh.v1.ControlPlaneService/DrainNode', data: '{"node_id":"hcm-1"}', transport: shop });
    assert.equal(drain?.code, 'PERMISSION_DENIED', drain?.stderr);
    assert.match(drain?.message ?? '', /DrainNode needs the role operator/);
  });

  it('should run ordermesh status and health with the TLS flags, and health without them reports the server unreachable', async () => {
    const status = spawnOrdermesh('status', ['status', '--target', cluster.gateway(), '--json', ...flags.ordermesh], {});
    assert.equal(await status.exited, 0, status.output());
    assert.doesNotMatch(status.output(), /Warning/, 'no warning on stderr (e.g. DEP0123 for an IP as TLS server name)');
    assert.equal((JSON.parse(status.output().trim()) as { nodes: unknown[] }).nodes.length, 1);
    const health = spawnOrdermesh('health', ['health', '--target', cluster.gateway(), ...flags.ordermesh], {});
    assert.equal(await health.exited, 0, health.output());
    assert.match(health.output(), /SERVING/);
    const plain = spawnOrdermesh('health', ['health', '--target', cluster.gateway()], {});
    assert.equal(await plain.exited, 1, plain.output());
    assert.match(plain.output(), /UNREACHABLE/);
  });
});
