import type { Etcd3 } from 'etcd3';
import { decodeRegisteredNode, nodesPrefix, type RegisteredNode } from '#lib/membership/index.js';

/** A registered node and the etcd lease its registration lives on. */
export interface RegisteredWithLease {
  node: RegisteredNode;
  /** The lease id in decimal, as etcd3 gives it ('' or '0' when none). */
  leaseId: string;
}

/** A lease's TTL as etcd reports it; both 0 when the lease is gone or unknown. */
export interface LeaseTimes {
  /** Seconds the lease lives without a keepalive. */
  grantedS: number;
  /** Seconds left before it expires unless renewed. */
  remainingS: number;
}

/**
 * The registered warehouse nodes as etcd has them now (the admin API's ListNodes and DrainNode
 * and the web console read them through here). Each call has a deadline of `timeoutMs`.
 */
export class NodeDirectory {
  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    private readonly timeoutMs = 2_000,
  ) {}

  /**
   * Every registered node with its lease id; unreadable registrations are skipped.
   * Thrown by: etcd3 errors when etcd cannot be reached within the deadline.
   */
  async registered(): Promise<RegisteredWithLease[]> {
    const kvs = await this.client
      .getAll()
      .prefix(nodesPrefix(this.prefix))
      .options({ deadline: Date.now() + this.timeoutMs })
      .exec();
    return kvs.kvs.flatMap((kv) => {
      try {
        return [{ node: decodeRegisteredNode(kv.value.toString('utf8')), leaseId: kv.lease }];
      } catch {
        return [];
      }
    });
  }

  /** The granted and remaining TTL of a lease (zeros when it is gone or etcd does not answer). */
  async lease(leaseId: string): Promise<LeaseTimes> {
    if (!leaseId || leaseId === '0') return { grantedS: 0, remainingS: 0 };
    try {
      const res = await this.client.leaseClient.leaseTimeToLive({ ID: leaseId }, { deadline: Date.now() + this.timeoutMs });
      return { grantedS: Math.max(0, Number(res.grantedTTL)), remainingS: Math.max(0, Number(res.TTL)) };
    } catch {
      return { grantedS: 0, remainingS: 0 };
    }
  }
}
