import * as grpc from '@grpc/grpc-js';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { callUnary, connectOrdermesh, type OrdermeshClients } from '#lib/grpc/index.js';
import { CertificateAuthority, type IssuedLeaf } from '#lib/security/dev-certificates.js';
import { CertificateFiles, meshChannelCredentials, PRINCIPAL_METADATA, type IdentityKind } from '#lib/security/index.js';
import { waitFor } from '#lib/testing/index.js';
import { snapshotTables, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';

const ORDER = { requestId: '', customerName: 'Lan', region: 'HCM', items: [{ sku: 'A', quantity: 1 }] };
const STOCK = { warehouseId: 'HCM-01', items: [{ sku: 'A', onHand: 10, unitPriceCents: 100 }] };
const deadline = (): number => Date.now() + 10_000;

/**
 * A warehouse node serving mutual TLS with authorization, called straight (no gateway) by
 * callers with every kind of credential: the node must refuse what the gateway refuses.
 */
describe('a warehouse node with mutual TLS and authorization', { timeout: 120_000 }, () => {
  let dir: string;
  let ca: CertificateAuthority;
  let wh: TestWarehouse;
  const opened: Array<{ close(): void }> = [];
  let signToken: (subject: string, options?: { expiresIn?: string; issuer?: string }) => Promise<string>;
  let nodeFiles: { certFile: string; keyFile: string; caFile: string };

  /** Writes a leaf's files into the test folder; returns their paths. */
  async function save(name: string, leaf: { certPem: string; keyPem: string }): Promise<{ certFile: string; keyFile: string; caFile: string }> {
    const certFile = join(dir, `${name}.pem`);
    const keyFile = join(dir, `${name}-key.pem`);
    await writeFile(keyFile, leaf.keyPem, { mode: 0o600 });
    await writeFile(certFile, leaf.certPem);
    return { certFile, keyFile, caFile: join(dir, 'ca.pem') };
  }

  /** Clients that present `kind`/`name`'s certificate (from the mesh CA). */
  async function clientsAs(kind: IdentityKind, name: string): Promise<OrdermeshClients> {
    const files = await save(`${kind}-${name}`, await ca.issue({ kind, name }));
    const certificates = new CertificateFiles(files);
    const clients = connectOrdermesh(wh.address, { credentials: meshChannelCredentials(certificates) });
    opened.push(clients, certificates);
    return clients;
  }

  /** Clients with hand-made TLS credentials (trusting the mesh CA for the server). */
  function clientsWith(key: string | null, cert: string | null, callCredentials?: grpc.CallCredentials): OrdermeshClients {
    let credentials = grpc.credentials.createSsl(Buffer.from(ca.pem.certPem), key ? Buffer.from(key) : null, cert ? Buffer.from(cert) : null, {
      checkServerIdentity: () => undefined,
    });
    if (callCredentials) credentials = credentials.compose(callCredentials);
    const clients = connectOrdermesh(wh.address, { credentials });
    opened.push(clients);
    return clients;
  }

  function bearer(token: string): grpc.CallCredentials {
    return grpc.credentials.createFromMetadataGenerator((_params, callback) => {
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      callback(null, metadata);
    });
  }

  async function refused(call: Promise<unknown>, code: grpc.status, pattern: RegExp): Promise<void> {
    await assert.rejects(call, (err: grpc.ServiceError) => {
      assert.equal(grpc.status[err.code], grpc.status[code], err.details);
      assert.match(err.details, pattern);
      return true;
    });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermesh-mtls-'));
    ca = await CertificateAuthority.create('test mesh CA');
    await writeFile(join(dir, 'ca.pem'), ca.pem.certPem);
    nodeFiles = await save('node', await ca.issue({ kind: 'node', name: 'test-1' }));
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
    signToken = (subject, options = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject(subject)
        .setIssuer(options.issuer ?? 'https://shop.example')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(privateKey);
    // The default roles, and a web shop whose tokens carry sub=shop-frontend.
    await writeFile(
      join(dir, 'policy.json'),
      JSON.stringify({
        identities: {
          'spiffe://ordermesh/control-plane/*': ['mesh'],
          'spiffe://ordermesh/ecom-sim/*': ['shop', 'payments'],
          'spiffe://ordermesh/operator/*': ['operator'],
          'jwt:shop-frontend': ['shop'],
        },
        forwarders: ['spiffe://ordermesh/control-plane/*'],
      }),
    );
    wh = await startTestWarehouse({
      security: {
        tls: nodeFiles,
        tlsRefreshMs: 100,
        policyFile: join(dir, 'policy.json'),
        jwt: { keysFile: join(dir, 'jwks.json'), issuer: 'https://shop.example' },
      },
    });
  });

  after(async () => {
    for (const o of opened) o.close();
    await wh?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('should refuse a plaintext client: the handshake fails, nothing is served', async () => {
    const plain = connectOrdermesh(wh.address);
    opened.push(plain);
    await assert.rejects(callUnary(plain.orders, plain.orders.CreateOrder, ORDER, { deadline: deadline() }), (err: grpc.ServiceError) => err.code === grpc.status.UNAVAILABLE);
  });

  it('should answer UNAUTHENTICATED, naming the method, to a TLS caller without a certificate, and write nothing', async () => {
    const before = await snapshotTables(wh.database.sql);
    const anonymous = clientsWith(null, null);
    await refused(callUnary(anonymous.orders, anonymous.orders.CreateOrder, ORDER, { deadline: deadline() }), grpc.status.UNAUTHENTICATED, /^ordermesh\.v1\.OrderService\/CreateOrder needs an authenticated caller/);
    await refused(callUnary(anonymous.inventory, anonymous.inventory.SetStock, STOCK, { deadline: deadline() }), grpc.status.UNAUTHENTICATED, /InventoryService\/SetStock/);
    assert.deepEqual(await snapshotTables(wh.database.sql), before, 'nothing written');
  });

  it('should answer UNAUTHENTICATED to a certificate of another CA', async () => {
    const otherCa = await CertificateAuthority.create('someone else');
    const forged: IssuedLeaf = await otherCa.issue({ kind: 'operator', name: 'admin' });
    const stranger = clientsWith(forged.keyPem, forged.certPem);
    await refused(callUnary(stranger.inventory, stranger.inventory.SetStock, STOCK, { deadline: deadline() }), grpc.status.UNAUTHENTICATED, /SetStock needs an authenticated caller/);
  });

  it('should answer UNAUTHENTICATED to an expired certificate of the mesh CA', async () => {
    const expired = await ca.issue({ kind: 'operator', name: 'admin', notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const late = clientsWith(expired.keyPem, expired.certPem);
    await refused(callUnary(late.inventory, late.inventory.SetStock, STOCK, { deadline: deadline() }), grpc.status.UNAUTHENTICATED, /SetStock needs an authenticated caller/);
  });

  it('should answer PERMISSION_DENIED naming the method and the missing role to a caller without it, and write nothing', async () => {
    const shop = await clientsAs('ecom-sim', 'shop-1');
    const before = await snapshotTables(wh.database.sql);
    await refused(
      callUnary(shop.inventory, shop.inventory.SetStock, STOCK, { deadline: deadline() }),
      grpc.status.PERMISSION_DENIED,
      /^ordermesh\.v1\.InventoryService\/SetStock needs the role fulfilment or operator; spiffe:\/\/ordermesh\/ecom-sim\/shop-1 holds shop, payments/,
    );
    await refused(callUnary(shop.orders, shop.orders.ReportShipment, { orderId: 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB', shipmentId: 's-1', status: 'ORDER_STATUS_SHIPPED' }, { deadline: deadline() }), grpc.status.PERMISSION_DENIED, /ReportShipment needs the role fulfilment/);
    assert.deepEqual(await snapshotTables(wh.database.sql), before, 'nothing written');
  });

  it('should serve each role the methods it holds: the operator stocks, the shop orders and pays', async () => {
    const operator = await clientsAs('operator', 'admin');
    await callUnary(operator.inventory, operator.inventory.SetStock, STOCK, { deadline: deadline() });
    const shop = await clientsAs('ecom-sim', 'shop-2');
    const { order } = await callUnary(shop.orders, shop.orders.CreateOrder, ORDER, { deadline: deadline() });
    assert.equal(order?.status, 'ORDER_STATUS_RESERVED');
    const paid = await callUnary(shop.payments, shop.payments.ConfirmPayment, { orderId: order?.orderId ?? '', paymentId: 'pay-mtls-1', amountCents: order?.totalCents ?? 0, succeeded: true }, { deadline: deadline() });
    assert.equal(paid.order?.status, 'ORDER_STATUS_PAID');
    // The operator is not the shop: it may read orders but not place them.
    await refused(callUnary(operator.orders, operator.orders.CreateOrder, ORDER, { deadline: deadline() }), grpc.status.PERMISSION_DENIED, /CreateOrder needs the role shop; spiffe:\/\/ordermesh\/operator\/admin holds operator/);
  });

  it('should accept a bearer token (JWT) from a caller outside the mesh, by the roles of its subject', async () => {
    const web = clientsWith(null, null, bearer(await signToken('shop-frontend')));
    const operator = await clientsAs('operator', 'admin-2');
    await callUnary(operator.inventory, operator.inventory.SetStock, STOCK, { deadline: deadline() });
    const { order } = await callUnary(web.orders, web.orders.CreateOrder, ORDER, { deadline: deadline() });
    assert.equal(order?.status, 'ORDER_STATUS_RESERVED');
    await refused(
      callUnary(web.payments, web.payments.ConfirmPayment, { orderId: order?.orderId ?? '', paymentId: 'pay-jwt-1', amountCents: 1, succeeded: true }, { deadline: deadline() }),
      grpc.status.PERMISSION_DENIED,
      /ConfirmPayment needs the role payments; jwt:shop-frontend holds shop/,
    );
    const expired = clientsWith(null, null, bearer(await signToken('shop-frontend', { expiresIn: '-1m' })));
    await refused(callUnary(expired.orders, expired.orders.CreateOrder, ORDER, { deadline: deadline() }), grpc.status.UNAUTHENTICATED, /bearer token was not accepted/);
    const wrongIssuer = clientsWith(null, null, bearer(await signToken('shop-frontend', { issuer: 'https://evil.example' })));
    await refused(callUnary(wrongIssuer.orders, wrongIssuer.orders.CreateOrder, ORDER, { deadline: deadline() }), grpc.status.UNAUTHENTICATED, /bearer token was not accepted/);
  });

  it('should take the forwarded caller only from a forwarder (the gateway), and check that caller', async () => {
    const shop = await clientsAs('ecom-sim', 'shop-3');
    const gateway = await clientsAs('control-plane', 'control-plane');
    const as = (identity: string): grpc.Metadata => {
      const metadata = new grpc.Metadata();
      metadata.set(PRINCIPAL_METADATA, identity);
      return metadata;
    };
    // A shop naming the operator is refused: only forwarders may name a caller.
    await refused(
      callUnary(shop.inventory, shop.inventory.SetStock, STOCK, { deadline: deadline(), metadata: as('spiffe://ordermesh/operator/admin') }),
      grpc.status.PERMISSION_DENIED,
      /ordermesh-principal may be set only by the gateway/,
    );
    // The gateway forwarding the shop's SetStock: the node checks the shop's roles, not the gateway's.
    await refused(
      callUnary(gateway.inventory, gateway.inventory.SetStock, STOCK, { deadline: deadline(), metadata: as('spiffe://ordermesh/ecom-sim/shop-3') }),
      grpc.status.PERMISSION_DENIED,
      /SetStock needs the role fulfilment or operator; spiffe:\/\/ordermesh\/ecom-sim\/shop-3 holds shop, payments/,
    );
    await callUnary(gateway.inventory, gateway.inventory.SetStock, STOCK, { deadline: deadline(), metadata: as('spiffe://ordermesh/operator/admin') });
    // On its own behalf the gateway is only the mesh: no SetStock.
    await refused(callUnary(gateway.inventory, gateway.inventory.SetStock, STOCK, { deadline: deadline() }), grpc.status.PERMISSION_DENIED, /control-plane\/control-plane holds mesh/);
  });

  it('should serve a rotated certificate to new connections without a restart', async () => {
    const serialServed = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const [host, port] = wh.address.split(':');
        const socket = tlsConnect({ host, port: Number(port), ca: ca.pem.certPem, ALPNProtocols: ['h2'], checkServerIdentity: () => undefined }, () => {
          resolve(socket.getPeerCertificate().serialNumber);
          socket.end();
        });
        socket.on('error', reject);
      });
    const first = await serialServed();
    const rotated = await ca.issue({ kind: 'node', name: 'test-1' });
    const rotatedSerial = new (await import('node:crypto')).X509Certificate(rotated.certPem).serialNumber;
    assert.notEqual(rotatedSerial, first);
    // Half a rotation (the new certificate before its key) is not taken: the node keeps serving the old pair.
    await writeFile(nodeFiles.certFile, rotated.certPem);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await serialServed(), first, 'a certificate without its key is not served');
    const operator = await clientsAs('operator', 'admin-3');
    await callUnary(operator.inventory, operator.inventory.GetStock, { warehouseId: 'HCM-01' }, { deadline: deadline() });
    // The key arrives: the pair is complete and new connections get it.
    await writeFile(nodeFiles.keyFile, rotated.keyPem);
    await waitFor(async () => (await serialServed()).toUpperCase() === rotatedSerial.toUpperCase(), { timeoutMs: 10_000, intervalMs: 100, message: 'the rotated certificate to be served' });
    const after = await clientsAs('operator', 'admin-4');
    await callUnary(after.inventory, after.inventory.GetStock, { warehouseId: 'HCM-01' }, { deadline: deadline() });
  });
});
