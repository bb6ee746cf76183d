import type { Etcd3 } from 'etcd3';
import { PATRONI_SCOPE } from './patroni-config.js';
import { fetchDatabaseServers, type DatabaseServer } from './patroni-rest.js';

/** A member as Patroni publishes it in etcd (`<namespace><scope>/members/<name>`), the fields used here. */
interface MemberValue {
  api_url?: string;
  conn_url?: string;
  role?: string;
  state?: string;
  xlog_location?: number;
  timeline?: number;
}

/**
 * The database servers of the Patroni cluster whose keys live under `namespace` in `etcd`
 * (every Patroni publishes itself there with its REST API's address, so nothing else needs to be
 * configured): asks the members' REST APIs for /cluster (roles, state, lag); when none answers,
 * falls back to what the members last published in etcd (the leader from the leader key, lag
 * from their WAL positions). Empty when no Patroni publishes there (the database is not under
 * Patroni). Rejects when etcd does not answer within `timeoutMs`.
 */
export async function readDatabaseServers(etcd: Etcd3, namespace: string, timeoutMs: number): Promise<DatabaseServer[]> {
  const base = `${namespace}${PATRONI_SCOPE}/`;
  const deadline = Date.now() + timeoutMs;
  const [members, leader] = await Promise.all([
    etcd.getAll().prefix(`${base}members/`).options({ deadline }).strings(),
    etcd.get(`${base}leader`).options({ deadline }).string(),
  ]);
  const published = Object.entries(members).flatMap(([key, json]) => {
    try {
      return [{ name: key.slice(`${base}members/`.length), value: JSON.parse(json) as MemberValue }];
    } catch {
      return [];
    }
  });
  for (const { value } of published) {
    if (!value.api_url) continue;
    try {
      return await fetchDatabaseServers(value.api_url, Math.max(200, Math.min(2_000, deadline - Date.now())));
    } catch {
      // That Patroni is down: ask the next one.
    }
  }
  const leaderWal = published.find((m) => m.name === leader)?.value.xlog_location;
  return published
    .map(({ name, value }) => {
      const conn = value.conn_url ? /@?([^@/]+:\d+)\//.exec(value.conn_url.replace(/^postgres(ql)?:\/\//, ''))?.[1] : undefined;
      const isLeader = name === leader;
      return {
        name,
        role: isLeader ? 'leader' : 'replica',
        state: `${value.state ?? 'unknown'} (as last published; no Patroni REST API answered)`,
        address: conn ?? '?',
        apiUrl: value.api_url ?? '',
        timeline: value.timeline,
        lagBytes: isLeader ? 0 : leaderWal !== undefined && value.xlog_location !== undefined ? Math.max(0, leaderWal - value.xlog_location) : undefined,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
