import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createEtcdClient } from '#lib/membership/index.js';
import { freePort, testEtcd } from '#lib/testing/index.js';
import { readDatabaseServers } from './dcs-members.js';

test('with every Patroni REST API down, the servers should come from what Patroni published in etcd', { timeout: 30_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => client.close());
  const dead = await freePort();
  // Empty before any Patroni published: the database is not under Patroni.
  assert.deepEqual(await readDatabaseServers(client, etcd.prefix, 3_000), []);
  // As Patroni 3.0 writes them: `<namespace><scope>/members/<name>` and `<namespace><scope>/leader`.
  const member = (port: number, role: string, wal: number) =>
    JSON.stringify({ conn_url: `postgres://127.0.0.1:${port}/postgres`, api_url: `http://127.0.0.1:${dead}/patroni`, state: 'running', role, xlog_location: wal, timeline: 3 });
  await client.put(`${etcd.prefix}postgres/members/pg-1`).value(member(54331, 'replica', 1_000));
  await client.put(`${etcd.prefix}postgres/members/pg-2`).value(member(54332, 'master', 5_096));
  await client.put(`${etcd.prefix}postgres/leader`).value('pg-2');
  const servers = await readDatabaseServers(client, etcd.prefix, 3_000);
  assert.deepEqual(
    servers.map((s) => [s.name, s.role, s.address, s.lagBytes, s.timeline]),
    [
      ['pg-1', 'replica', '127.0.0.1:54331', 4_096, 3],
      ['pg-2', 'leader', '127.0.0.1:54332', 0, 3],
    ],
  );
  assert.match(servers[0]?.state ?? '', /as last published; no Patroni REST API answered/);
});
