import type { Etcd3 } from 'etcd3';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '#lib/errors/index.js';
import { drainKey, NODE_ID_PATTERN } from '#lib/membership/index.js';
import { sleep } from '#lib/runtime/index.js';
import type { RouterSource } from '../gateway/index.js';
import type { NodeDirectory, RegisteredWithLease } from './node-directory.js';

/** What draining a node needs. */
export interface DrainDeps {
  client: Etcd3;
  prefix: string;
  directory: NodeDirectory;
  /** The assignment this replica follows (the gateway's source). */
  source: RouterSource;
  /** Deadline of the etcd write; default 2 000 ms. */
  etcdTimeoutMs?: number;
}

/**
 * Marks `nodeId` for draining and resolves with the epoch of the first assignment that shows it
 * DRAINING (its share has moved to its neighbours). DrainNode and the console's drain button
 * both come here.
 * Thrown by: InvalidArgumentError (node_id malformed), NotFoundError (no live node of that id),
 * UnavailableError (etcd unreachable, or `signal` aborted before the assignment showed it).
 */
export async function drainNode(deps: DrainDeps, nodeId: string, signal: AbortSignal): Promise<{ epoch: number }> {
  if (!NODE_ID_PATTERN.test(nodeId)) throw new InvalidArgumentError('node_id', `'${nodeId.slice(0, 80)}' is not a node id`);
  let registered: RegisteredWithLease[];
  try {
    registered = await deps.directory.registered();
  } catch (err) {
    throw new UnavailableError('etcd is unreachable; cannot drain now', { cause: err });
  }
  const target = registered.find((r) => r.node.nodeId === nodeId);
  if (!target) throw new NotFoundError('node_id', `node_id: no live node ${nodeId}`);
  // The drain request lives on the node's lease: it ends with the node, so a node that
  // comes back under the same id serves again.
  try {
    await deps.client
      .put(drainKey(deps.prefix, nodeId))
      .value(new Date().toISOString())
      .lease(target.leaseId)
      .options({ deadline: Date.now() + (deps.etcdTimeoutMs ?? 2_000) })
      .exec();
  } catch (err) {
    throw new UnavailableError('etcd is unreachable; cannot drain now', { cause: err });
  }
  // Answer once the published assignment marks it DRAINING (its share has moved).
  while (!signal.aborted) {
    const router = deps.source.router;
    if (router?.node(nodeId)?.state === 'DRAINING') return { epoch: router.epoch };
    await sleep(50, signal);
  }
  throw new UnavailableError(`node ${nodeId} is marked for draining, but no assignment showed it DRAINING before the deadline`);
}
