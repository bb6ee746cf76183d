/**
 * The processes a run measures: Postgres, the cluster (test/harness TestCluster), the echo
 * server, and a database connection of the bench's own; and how their CPU is grouped.
 */
import postgres from 'postgres';
import { childPids, startPostgres, type PostgresServer } from '#lib/testing/index.js';
import { TestCluster } from '#test/harness/index.js';
import { BenchChild } from '#warehouse/bench/children.js';
import type { Cleanup } from '#warehouse/bench/cleanup.js';
import { progressLine } from './progress.js';
import type { Settings } from './settings.js';
import { PAYMENT_TIMEOUT_MS, STRAIGHT_NODE, WMS_INITIAL_STOCK } from './workload.js';

/** The running processes of a run, and its cleanup. */
export interface Services {
  pg: PostgresServer;
  cluster: TestCluster;
  echo: BenchChild;
  echoAddress: string;
  sql: postgres.Sql;
  /** Stops everything the run started; every phase registers what it starts. */
  cleanup: Cleanup;
}

/**
 * Starts Postgres (durable), the cluster (etcd, one control plane, the nodes, wms-sim) and the
 * echo server, each registered with `cleanup`.
 */
export async function startServices(settings: Settings, cleanup: Cleanup): Promise<Services> {
  progressLine('starting Postgres (embedded, 127.0.0.1, fsync=on: durable commits, as in production)');
  const pg = await startPostgres({ durable: true });
  cleanup.add('Postgres', () => pg.stop());
  // TestCluster makes its database with lib/testing testDatabase(): on this server, so that its
  // processes are known for the CPU figures.
  process.env.ORDERMESH_TEST_DATABASE_URL = pg.url;
  progressLine(`Postgres ready on 127.0.0.1:${pg.port} (pid ${pg.pid})`);

  progressLine(`starting the cluster: etcd, control plane, nodes hcm-1 hn-1 dn-1, wms-sim (lease TTL ${settings.leaseTtlS} s)`);
  const env: Record<string, string> = {
    ORDERMESH_LOG_LEVEL: 'warn',
    ORDERMESH_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
    ORDERMESH_WMS_INITIAL_STOCK: String(WMS_INITIAL_STOCK),
  };
  if (settings.poolSize !== undefined) env.ORDERMESH_DB_POOL_SIZE = String(settings.poolSize);
  const k = settings.nodesPerRegion;
  const cluster = await TestCluster.start({ nodesPerRegion: { HCM: k, HN: k, DN: k }, controlPlanes: 1, leaseTtlS: settings.leaseTtlS, wmsSim: true, env });
  cleanup.add('the cluster', () => cluster.stop());
  progressLine(
    `cluster ready: gateway ${cluster.gateway()}, ${[...cluster.nodes.entries()].map(([id, n]) => `${id} 127.0.0.1:${n.port}`).join(', ')}, wms-sim ${cluster.wmsAddress}, etcd ${cluster.etcd.endpoints.join(',')}`,
  );

  const sql = postgres(cluster.database.url, { max: 1, onnotice: () => undefined });
  cleanup.add('the bench database connection', () => sql.end({ timeout: 2 }));

  const echo = BenchChild.start('echo server', 'echo-server');
  cleanup.add('the echo server', () => echo.stop());
  const { address: echoAddress } = await echo.waitFor('ready', 30_000);
  progressLine(`echo server ready on ${echoAddress} (pid ${echo.pid})`);
  return { pg, cluster, echo, echoAddress, sql, cleanup };
}

/** The processes whose CPU the report shows, by group (read again at every sample). */
export function processGroups(services: Services, clientPid: number): Record<string, number[]> {
  const { cluster, pg, echo } = services;
  return {
    client: [clientPid],
    echo: echo.running ? [echo.pid] : [],
    gateway: cluster.controlPlanes.flatMap((c) => (c ? [c.process.pid] : [])),
    nodes: [...cluster.nodes.values()].map((n) => n.process.pid),
    postgres: [pg.pid, ...childPids(pg.pid)],
    'etcd+wms': [cluster.etcd.pid, ...(cluster.wms ? [cluster.wms.process.pid] : [])],
  };
}

/** host:port of the node every straight phase calls. */
export function straightAddress(services: Services): string {
  const node = services.cluster.nodes.get(STRAIGHT_NODE);
  if (!node) throw new Error(`no node ${STRAIGHT_NODE}`);
  return `127.0.0.1:${node.port}`;
}
