import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger } from '#lib/logging/index.js';
import { startPatroniPair, type PatroniPair } from '#lib/postgres/index.js';
import { freePorts, onProcessExit, type EtcdServer, type TestDatabase } from '#lib/testing/index.js';

/**
 * Two Postgres servers under Patroni on free ports, with `etcd` as Patroni's store under
 * `namespace` (the cluster's own prefix, as `ordermesh dev --postgres ha` runs them), in a
 * temporary folder; fsync off (a killed process loses nothing). The database is the pair's
 * `postgres` database, through the multi-host URL nodes use; cleanup() stops both servers and
 * removes their data.
 * Thrown by: PatroniStartError when Patroni or Postgres is missing or the pair does not replicate.
 */
export async function startHaDatabase(etcd: EtcdServer, namespace: string): Promise<{ patroni: PatroniPair; database: TestDatabase }> {
  const folder = await mkdtemp(join(tmpdir(), 'ordermesh-patroni-'));
  // mkdtemp makes it 0700; the `postgres` user Patroni runs as (as root) must enter it.
  await chmod(folder, 0o755);
  const unguard = onProcessExit(() => rmSync(folder, { recursive: true, force: true }));
  const [pg1, pg2, api1, api2] = (await freePorts(4)) as [number, number, number, number];
  const log = createRootLogger({ service: "test-patroni", level: process.env.ORDERMESH_TEST_PATRONI_LOG ?? "warn" });
  let patroni: PatroniPair;
  try {
    patroni = await startPatroniPair({ folder, etcdEndpoints: etcd.endpoints, namespace, postgresPorts: [pg1, pg2], restApiPorts: [api1, api2], log, fast: true, path: process.env.PATH ?? '' });
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    unguard();
    throw err;
  }
  let done = false;
  return {
    patroni,
    database: {
      url: patroni.url,
      name: 'postgres',
      async cleanup() {
        if (done) return;
        done = true;
        await patroni.stop();
        await rm(folder, { recursive: true, force: true, maxRetries: 3 });
        unguard();
      },
    },
  };
}
