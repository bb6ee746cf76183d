import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { AccessPolicy, Authorizer, DEFAULT_POLICY } from '#lib/security/index.js';
import { CertificateAuthority, type IssuedLeaf } from '#lib/security/dev-certificates.js';
import { consoleMethodOf } from './console-access.js';
import { CONSOLE_ACTION_HEADER, ConsoleServer, type ConsoleActions } from './console-server.js';

describe('consoleMethodOf', () => {
  it('should name the RPC each console request stands for', () => {
    assert.equal(consoleMethodOf('GET', '/'), '/ordermesh.v1.ControlPlaneService/ListNodes');
    assert.equal(consoleMethodOf('GET', '/api/events'), '/ordermesh.v1.ControlPlaneService/ListNodes');
    assert.equal(consoleMethodOf('GET', '/api/orders/HCM-1'), '/ordermesh.v1.OrderService/GetOrder');
    assert.equal(consoleMethodOf('POST', '/api/nodes/hcm-1/drain'), '/ordermesh.v1.ControlPlaneService/DrainNode');
  });
});

describe('the console behind the mesh TLS', { timeout: 30_000 }, () => {
  const drained: string[] = [];
  const actions: ConsoleActions = {
    snapshot: () => undefined,
    subscribe: () => () => undefined,
    order: () => Promise.reject(new Error('not used')),
    drain: (nodeId) => {
      drained.push(nodeId);
      return Promise.resolve({ epoch: 3 });
    },
  };
  let ca: CertificateAuthority;
  let operator: IssuedLeaf;
  let shop: IssuedLeaf;
  let stranger: IssuedLeaf;
  let server: ConsoleServer;
  let port: number;

  before(async () => {
    ca = await CertificateAuthority.create();
    const [controlPlane, op, ecom] = await Promise.all([
      ca.issue({ kind: 'control-plane', name: 'control-plane' }),
      ca.issue({ kind: 'operator', name: 'admin' }),
      ca.issue({ kind: 'ecom-sim', name: 'ecom-sim' }),
    ]);
    operator = op;
    shop = ecom;
    // A certificate of another CA, naming the operator: it must identify nobody.
    stranger = await (await CertificateAuthority.create('another CA')).issue({ kind: 'operator', name: 'admin' });
    const pem = { cert: Buffer.from(controlPlane.certPem), key: Buffer.from(controlPlane.keyPem), ca: Buffer.from(ca.pem.certPem) };
    server = new ConsoleServer({
      actions,
      files: new Map([['/', { body: Buffer.from('<!doctype html><title>t</title>'), contentType: 'text/html; charset=utf-8' }]]),
      security: { authorizer: new Authorizer({ policy: new AccessPolicy(DEFAULT_POLICY) }), pem: () => pem },
    });
    port = await server.listen('127.0.0.1', 0);
  });
  after(() => server.close());

  /** One HTTPS request, trusting the mesh CA, with `client`'s certificate when given. */
  function fetchAs(client: IssuedLeaf | undefined, method: string, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          ca: ca.pem.certPem,
          headers: { [CONSOLE_ACTION_HEADER]: '1' },
          ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('should serve HTTPS, and the page and the drain button to the operator certificate', async () => {
    const page = await fetchAs(operator, 'GET', '/');
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /<title>t<\/title>/);
    const drain = await fetchAs(operator, 'POST', '/api/nodes/hcm-1/drain');
    assert.equal(drain.status, 200, drain.body);
    assert.deepEqual(drained, ['hcm-1']);
    assert.equal(server.scheme, 'https');
  });

  it('should refuse a caller with no certificate 401, naming what to present, and drain nothing', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/api/snapshot'], ['POST', '/api/nodes/hn-1/drain']] as const) {
      const answer = await fetchAs(undefined, method, path);
      assert.equal(answer.status, 401, `${method} ${path}: ${answer.body}`);
      const { error, code } = JSON.parse(answer.body) as { error: string; code: string };
      assert.equal(code, 'UNAUTHENTICATED');
      assert.match(error, /client certificate/);
    }
    assert.deepEqual(drained, ['hcm-1']);
  });

  it("should take a certificate of another CA for nobody's, even one naming the operator", async () => {
    const answer = await fetchAs(stranger, 'POST', '/api/nodes/hn-1/drain');
    assert.equal(answer.status, 401, answer.body);
    assert.deepEqual(drained, ['hcm-1']);
  });

  it('should refuse a mesh identity without the role 403, naming the RPC and the roles it needs', async () => {
    const drain = await fetchAs(shop, 'POST', '/api/nodes/hn-1/drain');
    assert.equal(drain.status, 403, drain.body);
    const { error, code } = JSON.parse(drain.body) as { error: string; code: string };
    assert.equal(code, 'PERMISSION_DENIED');
    assert.match(error, /DrainNode/);
    assert.match(error, /operator/);
    assert.equal((await fetchAs(shop, 'GET', '/')).status, 403);
    assert.deepEqual(drained, ['hcm-1']);
  });
});

describe('the TLS console and certificate rotation', { timeout: 30_000 }, () => {
  it('should serve a rotated certificate to new connections without a restart', async () => {
    const ca = await CertificateAuthority.create();
    const [first, second] = await Promise.all([ca.issue({ kind: 'control-plane', name: 'control-plane' }), ca.issue({ kind: 'control-plane', name: 'control-plane' })]);
    const material = (leaf: IssuedLeaf): { cert: Buffer; key: Buffer; ca: Buffer } => ({ cert: Buffer.from(leaf.certPem), key: Buffer.from(leaf.keyPem), ca: Buffer.from(ca.pem.certPem) });
    let current = material(first);
    const server = new ConsoleServer({
      actions: { snapshot: () => undefined, subscribe: () => () => undefined, order: () => Promise.reject(new Error('not used')), drain: () => Promise.reject(new Error('not used')) },
      files: new Map(),
      security: { authorizer: new Authorizer({ policy: new AccessPolicy(DEFAULT_POLICY) }), pem: () => current },
      certificateCheckMs: 20,
    });
    const port = await server.listen('127.0.0.1', 0);
    try {
      /** The serial number of the certificate a new connection is served. */
      const servedSerial = (): Promise<string> =>
        new Promise((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port, ca: ca.pem.certPem, servername: 'localhost' }, () => {
            resolve(socket.getPeerCertificate().serialNumber);
            socket.end();
          });
          socket.on('error', reject);
        });
      const before = await servedSerial();
      current = material(second);
      let after = before;
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await servedSerial();
      }
      assert.notEqual(after, before, 'new connections get the rotated certificate');
    } finally {
      await server.close();
    }
  });
});
