import { Etcd3 } from 'etcd3';

/** Where one Patroni cluster keeps its keys in etcd. */
export interface PatroniDcs {
  endpoints: readonly string[];
  /** `<namespace><scope>/`, e.g. `/ordermesh/v1/postgres/`. */
  prefix: string;
}

/**
 * Does for a Patroni that died what a Patroni that stops does itself: gives up its leader key
 * (when it holds it) and the /sync key it wrote as leader, each only if it still names `member`
 * (a compare-and-delete, so a key another member took since is left alone). Call it only once
 * that member's Postgres is stopped: then no primary runs there, and the replica may be promoted
 * at once instead of after the key's ttl.
 * Deleting /sync also works around Patroni 3.0.2, which, started while /sync names it leader and
 * the same replica, never sets synchronous_standby_names again (the pair would replicate
 * asynchronously while reporting a sync standby).
 * Best effort and bounded (5 s); returns what it deleted.
 */
export async function releasePatroniKeys(dcs: PatroniDcs, member: string): Promise<string[]> {
  const etcd = new Etcd3({ hosts: [...dcs.endpoints], dialTimeout: 2_000 });
  const released: string[] = [];
  try {
    const deadline = Date.now() + 5_000;
    const leaderKey = `${dcs.prefix}leader`;
    const leader = await etcd.if(leaderKey, 'Value', '==', member).then(etcd.delete().key(leaderKey)).options({ deadline }).commit();
    if (leader.succeeded) released.push('leader');
    const syncKey = `${dcs.prefix}sync`;
    const sync = await etcd.get(syncKey).options({ deadline }).string();
    if (sync && (JSON.parse(sync) as { leader?: string }).leader === member) {
      const deleted = await etcd.if(syncKey, 'Value', '==', sync).then(etcd.delete().key(syncKey)).options({ deadline }).commit();
      if (deleted.succeeded) released.push('sync');
    }
  } catch {
    // etcd unreachable: the keys expire (leader) or are rewritten by the next leader (sync).
  } finally {
    etcd.close();
  }
  return released;
}
