import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../runtime/index.js';
import { initDevCertificates } from '../security/dev-certificates.js';
import { startEtcd, type EtcdServer } from '../testing/index.js';
import { createEtcdClient } from './client.js';
import { applyEtcdAccess, etcdAccounts } from './etcd-access.js';
import { assignmentKey, electionPrefix, loadKey, nodeKey, serviceKey, topologyKey } from './keys.js';

const PREFIX = '/ordermesh/v1/';

/**
 * etcd with authentication on, as compose enables it: each node writes only its own keys, the
 * control plane only its keys, everyone reads. (Users log in by password here; in compose by the
 * CN of their client certificate, with the same roles.)
 */
describe('etcd least privilege', { timeout: 60_000 }, () => {
  let etcd: EtcdServer;
  const clients: Etcd3[] = [];
  const as = (username: string): Etcd3 => {
    const c = new Etcd3({ hosts: etcd.endpoints, auth: { username, password: `${username}-pw` } });
    clients.push(c);
    return c;
  };
  const denied = async (write: Promise<unknown>, what: string): Promise<void> => {
    await assert.rejects(write, (err: Error) => /permission denied/i.test(err.message), `${what} must be refused`);
  };

  before(async () => {
    // A private etcd: enabling auth would lock every other test out of a shared one.
    etcd = await startEtcd();
    const admin = new Etcd3({ hosts: etcd.endpoints });
    try {
      const accounts = etcdAccounts(PREFIX, { nodeIds: ['hcm-1', 'hn-1'] });
      const passwords = Object.fromEntries(accounts.map((a) => [a.user, `${a.user}-pw`]));
      await applyEtcdAccess(admin, accounts, { rootPassword: 'root-pw', passwords });
    } finally {
      admin.close();
    }
    // Applying again (a second `up`) changes nothing and does not fail.
    const root = new Etcd3({ hosts: etcd.endpoints, auth: { username: 'root', password: 'root-pw' } });
    try {
      const accounts = etcdAccounts(PREFIX, { nodeIds: ['hcm-1', 'hn-1'] });
      await applyEtcdAccess(root, accounts, { rootPassword: 'root-pw', passwords: Object.fromEntries(accounts.map((a) => [a.user, `${a.user}-pw`])) });
    } finally {
      root.close();
    }
  });

  after(async () => {
    for (const c of clients) c.close();
    await etcd?.stop();
  });

  it('should let a node write its own registration and load, and nothing else', async () => {
    const hcm = as('hcm-1');
    await hcm.put(nodeKey(PREFIX, 'hcm-1')).value('{"nodeId":"hcm-1"}').exec();
    await hcm.put(loadKey(PREFIX, 'hcm-1')).value('{}').exec();
    await denied(hcm.put(nodeKey(PREFIX, 'hn-1')).value('{"nodeId":"hn-1"}').exec(), "hcm-1 registering as hn-1");
    await denied(hcm.put(loadKey(PREFIX, 'hn-1')).value('{}').exec(), "hcm-1 reporting hn-1's load");
    await denied(hcm.put(assignmentKey(PREFIX)).value('{}').exec(), 'a node publishing an assignment');
    await denied(hcm.delete().key(nodeKey(PREFIX, 'hn-1')).exec(), "a node deleting another's registration");
    await denied(hcm.put('/elsewhere').value('x').exec(), 'a node writing outside the keyspace');
  });

  it('should let the control plane write the assignment, topology and election, and no registration', async () => {
    const cp = as('control-plane');
    await cp.put(assignmentKey(PREFIX)).value('{"epoch":1}').exec();
    await cp.put(topologyKey(PREFIX)).value('{}').exec();
    await cp.put(`${electionPrefix(PREFIX)}assignment/1`).value('cp-1').exec();
    await denied(cp.put(nodeKey(PREFIX, 'hcm-1')).value('{}').exec(), 'the control plane forging a registration');
  });

  it('should let wms-sim write its own registration, and nothing else', async () => {
    const wms = as('wms-sim');
    await wms.put(serviceKey(PREFIX, 'wms-sim', 'wms-sim')).value('{}').exec();
    await denied(wms.put(serviceKey(PREFIX, 'ecom-sim', 'x')).value('{}').exec(), 'wms-sim registering another service');
    await denied(wms.put(nodeKey(PREFIX, 'hcm-1')).value('{}').exec(), 'wms-sim forging a node registration');
    await denied(wms.put(assignmentKey(PREFIX)).value('{}').exec(), 'wms-sim publishing an assignment');
  });

  it('should let everyone read the keyspace, and nobody without a login', async () => {
    assert.equal(await as('hn-1').get(nodeKey(PREFIX, 'hcm-1')).string(), '{"nodeId":"hcm-1"}');
    assert.equal(await as('hn-1').get(assignmentKey(PREFIX)).string(), '{"epoch":1}');
    const anonymous = new Etcd3({ hosts: etcd.endpoints });
    clients.push(anonymous);
    await assert.rejects(anonymous.get(assignmentKey(PREFIX)).string(), /user name is empty|permission denied|auth/i);
  });
});

/**
 * As compose runs it: etcd over TLS accepting only mesh-CA client certificates, each process the
 * etcd user its certificate's CN names; `ordermesh etcd-auth` sets the users up, then the real
 * etcd client of a node (createEtcdClient with the node's certificate) writes only its own keys.
 */
describe('etcd over TLS with client certificates as users', { timeout: 60_000 }, () => {
  let etcd: EtcdServer;
  let dir: string;
  const files = (name: string): { ca: Buffer; cert: Buffer; key: Buffer } => ({
    ca: readFileSync(join(dir, 'ca.pem')),
    cert: readFileSync(join(dir, `${name}.pem`)),
    key: readFileSync(join(dir, `${name}-key.pem`)),
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermesh-etcd-tls-'));
    await initDevCertificates(dir, { nodes: ['hcm-1', 'hn-1'] });
    etcd = await startEtcd({ tls: { certFile: join(dir, 'etcd.pem'), keyFile: join(dir, 'etcd-key.pem'), caFile: join(dir, 'ca.pem') } });
    const env = {
      ORDERMESH_ETCD_ENDPOINTS: etcd.endpoints.join(','),
      ORDERMESH_ETCD_ROOT_PASSWORD: 'root-password',
      ORDERMESH_TLS_CA: join(dir, 'ca.pem'),
      ORDERMESH_TLS_CERT: join(dir, 'operator.pem'),
      ORDERMESH_TLS_KEY: join(dir, 'operator-key.pem'),
    };
    // Twice: the second run finds auth on and logs in as root.
    for (const run of [1, 2]) {
      const setup = spawnSync(process.execPath, [join(repoRoot(), 'bin/ordermesh.js'), 'etcd-auth', '--nodes', 'hcm-1,hn-1', '--health-user', 'etcd'], {
        env: { ...process.env, ...env, ORDERMESH_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(setup.status, 0, `ordermesh etcd-auth (run ${run}) failed:\n${setup.stdout}${setup.stderr}`);
    }
  });

  after(async () => {
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function put(name: string, key: string): Promise<void> {
    const client = createEtcdClient({ endpoints: etcd.endpoints, tls: files(name) });
    try {
      await client.put(key).value('x').exec();
    } finally {
      client.close();
    }
  }

  it("should let a node's certificate write its own registration only", async () => {
    await put('node-hcm-1', nodeKey(PREFIX, 'hcm-1'));
    await assert.rejects(put('node-hcm-1', nodeKey(PREFIX, 'hn-1')), /permission denied/i);
  });

  it("should let the control plane's certificate publish the assignment and nothing else's", async () => {
    await put('control-plane', assignmentKey(PREFIX));
    await assert.rejects(put('control-plane', nodeKey(PREFIX, 'hcm-1')), /permission denied/i);
    await assert.rejects(put('wms-sim', assignmentKey(PREFIX)), /user name not found|permission denied/i, 'a certificate whose CN is no etcd user');
  });
});
