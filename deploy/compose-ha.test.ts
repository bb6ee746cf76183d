// Checks the HA overlay (deploy/docker-compose.ha.yml, deploy/patroni.yml, deploy/patroni.Dockerfile)
// without a Docker engine: Compose merges and validates it over the base file, Patroni itself
// validates its configuration with the env each member gets (against a real etcd: its validator
// checks that the store answers), and the failover settings agree with `ordermesh dev --postgres ha`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { FAST_FAILOVER, findPatroniPrograms, parsePostgresUrl, patroniConfig } from '#lib/postgres/index.js';
import { repoRoot } from '#lib/runtime/index.js';
import { testEtcd, type TestEtcd } from '#lib/testing/index.js';
import { loadWarehouseConfig } from '#warehouse/src/config.js';

const ROOT = repoRoot();
const FILES = ['-f', 'deploy/docker-compose.yml', '-f', 'deploy/docker-compose.ha.yml'];

interface Service {
  environment?: Record<string, string | number | null>;
  healthcheck?: { test?: string[] };
  build?: { dockerfile?: string };
  volumes?: Array<string | { source?: string; target?: string }>;
}

function mergedCompose(): { services: Record<string, Service> } {
  const result = spawnSync('docker-compose', [...FILES, 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
    timeout: 60_000,
  });
  assert.equal(result.status, 0, `docker-compose ${FILES.join(' ')} config failed:\n${result.stderr}`);
  return parseYaml(result.stdout) as { services: Record<string, Service> };
}

const env = (service: Service | undefined): Record<string, string> => Object.fromEntries(Object.entries(service?.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));

describe('the HA compose overlay (deploy/docker-compose.ha.yml)', { timeout: 60_000 }, () => {
  let compose: { services: Record<string, Service> };
  let etcd: TestEtcd;

  before(async () => {
    compose = mergedCompose();
    etcd = await testEtcd();
  });
  after(() => etcd?.cleanup());

  it('should run two Patroni members from the Patroni image, pg-1 in place of the single postgres', () => {
    const members = [compose.services.postgres, compose.services['pg-2']];
    assert.deepEqual(members.map((s) => env(s).PATRONI_NAME), ['pg-1', 'pg-2']);
    for (const s of members) {
      assert.equal(s?.build?.dockerfile, 'deploy/patroni.Dockerfile');
      assert.equal(env(s).PATRONI_ETCD3_HOSTS, 'etcd:2379', 'the cluster etcd is Patroni\'s store');
      assert.match((s?.healthcheck?.test ?? []).join(' '), /\/cluster.*leader/, 'healthy once the pair has a primary');
    }
    const volumes = members.map((s) => (s?.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`)).find((v) => /:\/var\/lib\/postgresql\/patroni(:rw)?$/.test(v)));
    assert.ok(volumes[0] && volumes[1] && volumes[0] !== volumes[1], `each member keeps its data in a volume of its own: ${volumes.join(', ')}`);
  });

  it('should give every database user the multi-host URL that follows the primary, which the warehouse accepts', () => {
    for (const name of ['migrate', 'warehouse-hcm', 'warehouse-hn', 'warehouse-dn']) {
      const url = env(compose.services[name]).DATABASE_URL ?? '';
      const parts = parsePostgresUrl(url);
      assert.deepEqual(parts.hosts, ['pg-1:5432', 'pg-2:5432'], name);
      assert.equal(parts.params.get('target_session_attrs'), 'primary', `${name}: primary, not read-write (postgres.js's read-write accepts a hot standby)`);
    }
    const node = env(compose.services['warehouse-hcm']);
    const config = loadWarehouseConfig({}, node);
    assert.equal(config.databaseUrl, node.DATABASE_URL);
  });

  it('should be a configuration Patroni validates, with the failover settings of ordermesh dev --postgres ha', () => {
    const file = join(ROOT, 'deploy/patroni.yml');
    const yaml = parseYaml(readFileSync(file, 'utf8')) as { bootstrap: { dcs: Record<string, unknown> }; postgresql: { bin_dir: string } };
    const member = { name: 'pg-1', postgresPort: 5432, restApiPort: 8008, folder: '/var/lib/postgresql/patroni', dataDir: '/var/lib/postgresql/patroni/data' };
    const dev = patroniConfig(member, {
      scope: 'postgres',
      namespace: '/ordermesh/v1/',
      etcdEndpoints: ['http://etcd:2379'],
      postgresBinDir: yaml.postgresql.bin_dir,
      superuser: { username: 'ordermesh', password: 'x' },
      replication: { username: 'replicator', password: 'x' },
      timing: FAST_FAILOVER,
      fast: false,
      maxConnections: 200,
    }) as { bootstrap: { dcs: Record<string, unknown> } };
    assert.deepEqual(yaml.bootstrap.dcs, dev.bootstrap.dcs);

    // Patroni's own validator, with pg-1's environment; the store is a real etcd here.
    const { patroni } = findPatroniPrograms({ path: process.env.PATH ?? '' });
    const memberEnv = { ...env(compose.services.postgres), PATRONI_ETCD3_HOSTS: (etcd.endpoints[0] ?? '').replace(/^https?:\/\//, '') };
    const result = spawnSync(patroni, ['--validate-config', file], { cwd: '/', encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...memberEnv }, timeout: 30_000 });
    assert.equal(result.status, 0, `patroni --validate-config: ${result.stdout}${result.stderr}`);
  });
});
