/** One database server as Patroni reports it. */
export interface DatabaseServer {
  /** Patroni's member name, e.g. `pg-1`. */
  name: string;
  /** `leader` (the primary), `sync_standby` (a replica every commit waits for), `replica`, `standby_leader`. */
  role: string;
  /** Postgres's state: `running`, `streaming`, `starting`, `stopped`, `crashed`, ... */
  state: string;
  /** Postgres's address, `host:port`. */
  address: string;
  /** Patroni's REST API, e.g. `http://127.0.0.1:8008/patroni`. */
  apiUrl: string;
  timeline: number | undefined;
  /** How far its WAL is behind the primary's, in bytes; 0 for the primary; undefined when unknown. */
  lagBytes: number | undefined;
}

interface ClusterJson {
  members?: Array<{ name?: string; role?: string; state?: string; host?: string; port?: number; api_url?: string; timeline?: number; lag?: number | string }>;
}

/**
 * Asks one Patroni's REST API for the whole cluster (GET /cluster: every member with its role,
 * state and lag, from Patroni's view of etcd). `apiUrl` is a member's api_url or its base URL.
 * Rejects when that Patroni does not answer within `timeoutMs`.
 */
export async function fetchDatabaseServers(apiUrl: string, timeoutMs: number): Promise<DatabaseServer[]> {
  const base = new URL(apiUrl);
  const response = await fetch(new URL('/cluster', base), { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${base.origin}/cluster answered ${response.status}`);
  const body = (await response.json()) as ClusterJson;
  return (body.members ?? []).map((m) => ({
    name: m.name ?? '?',
    role: m.role ?? 'unknown',
    state: m.state ?? 'unknown',
    address: m.host ? `${m.host}:${m.port ?? 5432}` : '?',
    apiUrl: m.api_url ?? '',
    timeline: m.timeline,
    lagBytes: m.role === 'leader' || m.role === 'standby_leader' ? 0 : typeof m.lag === 'number' ? m.lag : undefined,
  }));
}

/**
 * True when `servers` has a running primary and a synchronous replica: both servers hold every
 * commit. Patroni names a replica sync_standby only once the primary's pg_stat_replication shows
 * it streaming in sync; its state is `running` (Patroni 3.0) or `streaming` (3.1 and later).
 */
export function isReplicatedPair(servers: readonly DatabaseServer[]): boolean {
  return servers.some((s) => s.role === 'leader' && s.state === 'running') && servers.some((s) => s.role === 'sync_standby' && (s.state === 'streaming' || s.state === 'running'));
}
