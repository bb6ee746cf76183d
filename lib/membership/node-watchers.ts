import type { Etcd3 } from 'etcd3';

import type { Logger } from '../logging/index.js';
import { DEFAULT_ETCD_PREFIX, loadPrefix, nodesPrefix } from './keys.js';
import { PrefixWatcher } from './prefix-watcher.js';
import { decodeNodeLoad, decodeRegisteredNode, type NodeLoad, type RegisteredNode } from './types.js';

/** Options of {@link watchNodes} and {@link watchLoads}. */
export interface NodeWatcherOptions<T> {
  client: Etcd3;
  /** Keyspace prefix; default `/ordermesh/v1/`. */
  prefix?: string;
  /** Called with node id → value after every change; see PrefixWatcherOptions.onChange. */
  onChange: (snapshot: ReadonlyMap<string, T>) => void;
  log?: Logger;
}

/**
 * A watcher of every registered node (node id → registration). A registration whose nodeId does
 * not match its key is rejected: it would let one node impersonate another.
 */
export function watchNodes(options: NodeWatcherOptions<RegisteredNode>): PrefixWatcher<RegisteredNode> {
  return new PrefixWatcher<RegisteredNode>({
    client: options.client,
    prefix: nodesPrefix(options.prefix ?? DEFAULT_ETCD_PREFIX),
    decode: (raw, nodeId) => {
      const node = decodeRegisteredNode(raw);
      if (node.nodeId !== nodeId) throw new Error(`registration under ${nodeId} names node ${node.nodeId}`);
      return node;
    },
    onChange: options.onChange,
    ...(options.log ? { log: options.log } : {}),
  });
}

/** A watcher of every node's load report (node id → load). */
export function watchLoads(options: NodeWatcherOptions<NodeLoad>): PrefixWatcher<NodeLoad> {
  return new PrefixWatcher<NodeLoad>({
    client: options.client,
    prefix: loadPrefix(options.prefix ?? DEFAULT_ETCD_PREFIX),
    decode: (raw) => decodeNodeLoad(raw),
    onChange: options.onChange,
    ...(options.log ? { log: options.log } : {}),
  });
}
