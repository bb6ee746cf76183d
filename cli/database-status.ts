import type { DatabaseServer } from '#lib/postgres/index.js';
import { renderTable } from '#lib/text/index.js';

/** The database part of `ordermesh status` (read by etcd-directory.ts): the servers Patroni runs, or why they are not shown. */
export interface DatabaseStatus {
  /** Patroni's servers with role, state and lag; empty when the database is not under Patroni. */
  servers: DatabaseServer[];
  /** Set when etcd could not be read (the servers are then unknown, not absent). */
  error?: string;
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
