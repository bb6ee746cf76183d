import { createEtcdClient, DEFAULT_ETCD_PREFIX } from '#lib/membership/index.js';
import { readDatabaseServers, type DatabaseServer } from '#lib/postgres/index.js';
import { renderTable } from '#lib/text/index.js';

/** The database part of `ordermesh status`: the servers Patroni runs, or why they are not shown. */
export interface DatabaseStatus {
  /** Patroni's servers with role, state and lag; empty when the database is not under Patroni. */
  servers: DatabaseServer[];
  /** Set when etcd could not be read (the servers are then unknown, not absent). */
  error?: string;
}

/**
 * Reads the database servers from the cluster's etcd, where Patroni publishes them
 * (ORDERMESH_ETCD_ENDPOINTS, default the dev cluster's http://127.0.0.1:2379; under
 * ORDERMESH_ETCD_PREFIX): see readDatabaseServers. Never throws: a failure is reported in
 * `error`, so the rest of the status still prints.
 */
export async function readDatabaseStatus(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseStatus> {
  const endpoints = (env.ORDERMESH_ETCD_ENDPOINTS || 'http://127.0.0.1:2379').split(',').map((e) => e.trim()).filter(Boolean);
  const prefix = env.ORDERMESH_ETCD_PREFIX || DEFAULT_ETCD_PREFIX;
  const etcd = createEtcdClient({ endpoints, callTimeoutMs: 3_000, dialTimeoutMs: 3_000 });
  try {
    return { servers: await readDatabaseServers(etcd, prefix, 3_000) };
  } catch (err) {
    return { servers: [], error: `cannot read etcd at ${endpoints.join(',')}: ${(err as Error).message}` };
  } finally {
    etcd.close();
  }
}

/** Bytes as a person reads them: `0 B`, `12.0 kB`, `3.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The database servers as a table, or one line saying why there is none. */
export function formatDatabaseStatus(status: DatabaseStatus): string {
  if (status.error) return `database servers: unknown (${status.error})\n`;
  if (status.servers.length === 0) return 'database servers: not under Patroni (one Postgres: DATABASE_URL or the embedded one)\n';
  const roles: Record<string, string> = { leader: 'primary', sync_standby: 'sync replica', replica: 'replica', standby_leader: 'standby leader' };
  return `${renderTable(
    ['DATABASE SERVER', 'ROLE', 'STATE', 'ADDRESS', 'LAG', 'TIMELINE', 'PATRONI API'],
    status.servers.map((s) => [s.name, roles[s.role] ?? s.role, s.state, s.address, s.lagBytes === undefined ? 'unknown' : formatBytes(s.lagBytes), s.timeline ?? '-', s.apiUrl.replace(/\/patroni$/, '')]),
  )}\n`;
}
