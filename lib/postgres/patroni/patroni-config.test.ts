import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FAST_FAILOVER, patroniConfig, type PatroniClusterSpec, type PatroniMemberSpec } from './patroni-config.js';

const member: PatroniMemberSpec = { name: 'pg-2', postgresPort: 54332, restApiPort: 8009, folder: '/var/lib/ordermesh/pg-2', dataDir: '/var/lib/ordermesh/pg-2/data' };
const cluster: PatroniClusterSpec = {
  scope: 'postgres',
  namespace: '/ordermesh/v1/',
  etcdEndpoints: ['http://127.0.0.1:2379', 'http://127.0.0.1:22379/'],
  postgresBinDir: '/usr/lib/postgresql/15/bin',
  superuser: { username: 'ordermesh', password: 's3cret' },
  replication: { username: 'replicator', password: 'r3pl' },
  timing: FAST_FAILOVER,
  fast: false,
  maxConnections: 200,
};

type Dcs = { ttl: number; loop_wait: number; retry_timeout: number; synchronous_mode: boolean; primary_start_timeout: number; postgresql: { use_pg_rewind: boolean; parameters: Record<string, unknown> } };

test('the config should make commits wait for both servers and a crashed primary fail over, with the lock timing Patroni allows', () => {
  const config = patroniConfig(member, cluster) as { bootstrap: { dcs: Dcs } };
  const dcs = config.bootstrap.dcs;
  assert.equal(dcs.synchronous_mode, true);
  assert.equal(dcs.postgresql.use_pg_rewind, true);
  assert.equal(dcs.primary_start_timeout, 0, 'a crashed primary fails over instead of restarting in place');
  // Patroni loses the lock on a slow etcd call unless loop_wait + 2 × retry_timeout <= ttl.
  assert.ok(dcs.loop_wait + 2 * dcs.retry_timeout <= dcs.ttl, JSON.stringify(dcs));
  assert.equal(dcs.postgresql.parameters.fsync, undefined, 'durable unless asked for fast');
  const fast = patroniConfig(member, { ...cluster, fast: true }) as { bootstrap: { dcs: Dcs } };
  assert.equal(fast.bootstrap.dcs.postgresql.parameters.fsync, 'off');
});

test('the config should use the cluster etcd through its v3 API, and the member its own ports and folder', () => {
  const config = patroniConfig(member, cluster) as Record<string, Record<string, unknown>>;
  assert.deepEqual(config.etcd3, { hosts: ['127.0.0.1:2379', '127.0.0.1:22379'], protocol: 'http' });
  assert.equal(config.etcd, undefined, 'no v2 API needed');
  assert.equal(config.namespace, '/ordermesh/v1/');
  assert.deepEqual(config.restapi, { listen: '127.0.0.1:8009', connect_address: '127.0.0.1:8009' });
  const pg = config.postgresql as { listen: string; data_dir: string; parameters: Record<string, unknown>; pg_hba: string[]; authentication: Record<string, { username: string }> };
  assert.equal(pg.listen, '127.0.0.1:54332');
  assert.equal(pg.data_dir, member.dataDir);
  assert.equal(pg.parameters.unix_socket_directories, member.folder);
  assert.ok(pg.pg_hba.includes('host replication replicator 127.0.0.1/32 scram-sha-256'));
  assert.ok(pg.pg_hba.every((line) => !/\btrust\b/.test(line)), 'no password-less access');
  assert.equal(pg.authentication.rewind?.username, 'ordermesh');
});
