import { commaList } from '#lib/config/index.js';
import { createEtcdClient, DEFAULT_ETCD_PREFIX, readRegisteredServices, type RegisteredService } from '#lib/membership/index.js';
import { readDatabaseServers, type DatabaseServer } from '#lib/postgres/index.js';

/** What `ordermesh status` reads from etcd itself rather than from the control plane. */
export interface EtcdDirectory {
  /** Patroni's servers with role, state and lag; empty when the database is not under Patroni. */
  databaseServers: DatabaseServer[];
  /** The side services registered under `services/` (wms-sim), with their metrics addresses. */
  services: RegisteredService[];
  /** Set when etcd could not be read (the above are then unknown, not absent). */
  error?: string;
}

/**
 * Reads the database servers (where Patroni publishes them) and the side services' registrations
 * from the cluster's etcd: ORDERMESH_ETCD_ENDPOINTS (default the dev cluster's
 * http://127.0.0.1:2379) under ORDERMESH_ETCD_PREFIX, over TLS with `tls` when the endpoints are
 * https. Never throws: a failure is reported in `error`, so the rest of the status still prints.
 */
export async function readEtcdDirectory(env: NodeJS.ProcessEnv = process.env, tls?: { cert: Buffer; key: Buffer; ca: Buffer }): Promise<EtcdDirectory> {
  const endpoints = commaList(env.ORDERMESH_ETCD_ENDPOINTS || 'http://127.0.0.1:2379');
  const prefix = env.ORDERMESH_ETCD_PREFIX || DEFAULT_ETCD_PREFIX;
  const etcd = createEtcdClient({ endpoints, callTimeoutMs: 3_000, dialTimeoutMs: 3_000, ...(tls ? { tls } : {}) });
  try {
    const [databaseServers, services] = await Promise.all([readDatabaseServers(etcd, prefix, 3_000), readRegisteredServices(etcd, prefix, 3_000)]);
    return { databaseServers, services };
  } catch (err) {
    return { databaseServers: [], services: [], error: `cannot read etcd at ${endpoints.join(',')}: ${(err as Error).message}` };
  } finally {
    etcd.close();
  }
}
