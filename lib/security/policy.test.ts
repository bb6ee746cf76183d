import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../config/index.js';
import { StartupError } from '../runtime/index.js';
import { AccessPolicy, DEFAULT_POLICY, parsePolicy } from './policy.js';
import { rolesFor } from './roles.js';
import { loadSecurityConfig } from './security-config.js';
import { spiffeIdOf } from './spiffe.js';

test('should give an identity the roles of its exact entry, else of the longest matching pattern, else none', () => {
  const policy = new AccessPolicy(
    parsePolicy(
      {
        identities: {
          'spiffe://ordermesh/node/*': ['mesh'],
          'spiffe://ordermesh/node/hcm-*': ['mesh', 'operator'],
          'spiffe://ordermesh/node/hcm-9': ['shop'],
        },
        forwarders: ['spiffe://ordermesh/control-plane/*'],
      },
      'test',
    ),
  );
  assert.deepEqual([...policy.rolesOf('spiffe://ordermesh/node/hn-1')], ['mesh']);
  assert.deepEqual([...policy.rolesOf('spiffe://ordermesh/node/hcm-1')], ['mesh', 'operator']);
  assert.deepEqual([...policy.rolesOf('spiffe://ordermesh/node/hcm-9')], ['shop']);
  assert.deepEqual([...policy.rolesOf('spiffe://ordermesh/wms-sim/x')], []);
  assert.equal(policy.isForwarder('spiffe://ordermesh/control-plane/cp-1'), true);
  assert.equal(policy.isForwarder('spiffe://ordermesh/node/hcm-1'), false);
});

test('should refuse a policy file with an unknown role or field, naming where', () => {
  assert.throws(() => parsePolicy({ identities: { 'jwt:shop': ['admin'] } }, 'p.json'), (err: StartupError) => /identities\.jwt:shop\.0: must be one of shop, payments, fulfilment, operator, mesh/.test(err.message));
  assert.throws(() => parsePolicy({ identities: {}, roles: {} }, 'p.json'), /p\.json is invalid/);
});

test('should let the default policy give each service what it calls, and only that', () => {
  const policy = new AccessPolicy(DEFAULT_POLICY);
  const may = (identity: string, method: string): boolean => rolesFor(method).some((r) => policy.rolesOf(identity).has(r));
  const wms = 'spiffe://ordermesh/wms-sim/wms-sim';
  const shop = 'spiffe://ordermesh/ecom-sim/ecom-sim';
  const node = 'spiffe://ordermesh/node/hcm-1';
  assert.equal(may(wms, '/ordermesh.v1.OrderService/ReportShipment'), true);
  assert.equal(may(wms, '/ordermesh.v1.InventoryService/SetStock'), true, 'wms-sim restocks');
  assert.equal(may(wms, '/ordermesh.v1.ControlPlaneService/DrainNode'), false);
  assert.equal(may(shop, '/ordermesh.v1.OrderService/CreateOrder'), true);
  assert.equal(may(shop, '/ordermesh.v1.PaymentService/ConfirmPayment'), true);
  assert.equal(may(shop, '/ordermesh.v1.OrderService/ReportShipment'), false);
  assert.equal(may(node, '/ordermesh.v1.FulfillmentService/ShipOrder'), true);
  assert.equal(may(node, '/ordermesh.v1.OrderService/CreateOrder'), false);
  assert.equal(may('jwt:anyone', '/ordermesh.v1.OrderService/GetOrder'), false, 'no token subject holds a role by default');
  assert.deepEqual(rolesFor('/ordermesh.v1.OrderService/NoSuchMethod'), [], 'an unknown method: nobody');
});

test('should read the SPIFFE ID among the SANs Node reports', () => {
  assert.equal(spiffeIdOf({ subjectaltname: 'DNS:localhost, URI:spiffe://ordermesh/node/hcm-1, IP Address:127.0.0.1' }), 'spiffe://ordermesh/node/hcm-1');
  assert.equal(spiffeIdOf({ subjectaltname: 'URI:spiffe://other/node/hcm-1' }), undefined, 'another trust domain');
  assert.equal(spiffeIdOf(undefined), undefined);
});

test('should take the TLS files all three or none, and no tokens or policy without TLS', () => {
  assert.equal(loadSecurityConfig('t', {}, {}).tls, undefined);
  assert.deepEqual(loadSecurityConfig('t', { tlsCert: 'c', tlsKey: 'k' }, { ORDERMESH_TLS_CA: 'a' }).tls, { certFile: 'c', keyFile: 'k', caFile: 'a' });
  assert.throws(() => loadSecurityConfig('t', { tlsCert: 'c' }, {}), (err: ConfigError) => err.problems.length === 2 && err.problems.every((p) => /go together/.test(p)));
  assert.throws(() => loadSecurityConfig('t', {}, { ORDERMESH_JWT_KEYS: 'jwks.json' }), /ORDERMESH_JWT_KEYS: bearer tokens need TLS/);
});
