import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import postgres from 'postgres';

import { createRootLogger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import { freePorts, isProcessAlive, startEtcd, waitFor, withDeadline } from '#lib/testing/index.js';
import { isReplicatedPair } from './patroni-rest.js';
import { startPatroniPair } from './patroni-pair.js';

test('a Patroni pair should start replicating, keep taking writes while etcd is down, and leave nothing running when stopped', { timeout: 180_000 }, () =>
  withDeadline(
    170_000,
    async () => {
      const etcd = await startEtcd();
      const folder = await mkdtemp(join(tmpdir(), 'ordermesh-patroni-pair-'));
      // The `postgres` user (as root) must enter it.
      await chmod(folder, 0o755);
      const [pg1, pg2, api1, api2] = (await freePorts(4)) as [number, number, number, number];
      const log = createRootLogger({ service: 'test', level: 'warn' });
      const pair = await startPatroniPair({ folder, etcdEndpoints: etcd.endpoints, namespace: '/ordermesh/v1/', postgresPorts: [pg1, pg2], restApiPorts: [api1, api2], log, fast: true, path: process.env.PATH ?? '' });
      const sql = postgres(pair.url, { max: 2, connect_timeout: 5, onnotice: () => undefined });
      const pids: number[] = [];
      try {
        const servers = await pair.servers();
        assert.ok(isReplicatedPair(servers), JSON.stringify(servers));
        assert.deepEqual(servers.map((s) => s.address).sort(), [`127.0.0.1:${pg1}`, `127.0.0.1:${pg2}`].sort());
        // Synchronous: the primary names the replica as the standby every commit waits for. The
        // first connections may meet a server still starting up (57P03), as any client may right
        // after a start: asked again until the primary answers.
        const sync = await waitFor(
          async () => {
            try {
              const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_replication WHERE sync_state = 'sync'`;
              return row?.n === 1 ? row : undefined;
            } catch (err) {
              if ((err as { code?: string }).code === '57P03') return undefined;
              throw err;
            }
          },
          { timeoutMs: 30_000, message: 'the primary to name its synchronous standby' },
        );
        assert.equal(sync.n, 1);
        await sql`CREATE TABLE writes (i int PRIMARY KEY)`;

        // etcd down for longer than the leader key's ttl (10 s): failsafe_mode keeps the primary.
        await etcd.halt();
        for (let i = 0; i < 15; i++) {
          await sql`INSERT INTO writes VALUES (${i})`;
          await sleep(1_000);
        }
        const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM writes`;
        assert.equal(count?.n, 15, 'every write while etcd was down was taken');
        await etcd.restart();

        for (const m of pair.members) {
          pids.push(m.patroniPid);
          const pm = m.postmasterPid();
          if (pm !== undefined) pids.push(pm);
        }
        assert.equal(pids.length, 4, 'two Patronis and two postmasters ran');
      } finally {
        await sql.end({ timeout: 5 });
        await pair.stop();
        await etcd.stop();
        await rm(folder, { recursive: true, force: true });
      }
      assert.deepEqual(pids.filter(isProcessAlive), [], 'no Patroni or Postgres left running');
    },
    'patroni pair',
  ),
);
