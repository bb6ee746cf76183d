import { InvalidNodeIdError } from './errors.js';
import { NODE_ID_PATTERN } from './types.js';

/**
 * The etcd keyspace of ordermesh (ARCHITECTURE.md, "etcd keyspace"). Every function takes the
 * prefix so several clusters, or several tests, can share one etcd. Keys are built only here.
 */

/** The default keyspace prefix. */
export const DEFAULT_ETCD_PREFIX = '/ordermesh/v1/';

/**
 * Returns `prefix` ending in exactly one '/'. Thrown by: RangeError when the prefix is empty
 * (an empty prefix would make `nodes/` collide with other applications' keys).
 */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') throw new RangeError('etcd key prefix must not be empty');
  return `${trimmed}/`;
}

function checkNodeId(nodeId: string): string {
  if (!NODE_ID_PATTERN.test(nodeId)) throw new InvalidNodeIdError(nodeId);
  return nodeId;
}

/** `{prefix}nodes/`: every node's registration lives under it. */
export function nodesPrefix(prefix: string): string {
  return `${normalizePrefix(prefix)}nodes/`;
}

/** `{prefix}nodes/{nodeId}`: one node's registration. Thrown by: InvalidNodeIdError. */
export function nodeKey(prefix: string, nodeId: string): string {
  return `${nodesPrefix(prefix)}${checkNodeId(nodeId)}`;
}

/** `{prefix}load/`: every node's load report lives under it. */
export function loadPrefix(prefix: string): string {
  return `${normalizePrefix(prefix)}load/`;
}

/** `{prefix}load/{nodeId}`: one node's load report. Thrown by: InvalidNodeIdError. */
export function loadKey(prefix: string, nodeId: string): string {
  return `${loadPrefix(prefix)}${checkNodeId(nodeId)}`;
}

/** `{prefix}drain/`: drain requests (written by the admin API's DrainNode) live under it. */
export function drainPrefix(prefix: string): string {
  return `${normalizePrefix(prefix)}drain/`;
}

/**
 * `{prefix}drain/{nodeId}`: a request to drain one node (its value is informational). The
 * controller publishes the node as DRAINING while the key exists and deletes the key once the
 * node is no longer registered. Thrown by: InvalidNodeIdError.
 */
export function drainKey(prefix: string, nodeId: string): string {
  return `${drainPrefix(prefix)}${checkNodeId(nodeId)}`;
}

/** `{prefix}services/`: the registrations of the processes beside the nodes (wms-sim) live under it. */
export function servicesPrefix(prefix: string): string {
  return `${normalizePrefix(prefix)}services/`;
}

/**
 * `{prefix}services/{service}/{instance}`: one such process's registration, e.g.
 * `services/wms-sim/wms-sim`. Both segments follow the node-id rule.
 * Thrown by: InvalidNodeIdError when either segment breaks it.
 */
export function serviceKey(prefix: string, service: string, instance: string): string {
  return `${servicesPrefix(prefix)}${checkNodeId(service)}/${checkNodeId(instance)}`;
}

/** `{prefix}assignment`: the routing table, written only by the controller leader. */
export function assignmentKey(prefix: string): string {
  return `${normalizePrefix(prefix)}assignment`;
}

/** `{prefix}topology`: regions and their failover order. */
export function topologyKey(prefix: string): string {
  return `${normalizePrefix(prefix)}topology`;
}

/**
 * `{prefix}election/`: the controller's election keys. lib/controller's LeaderElection writes
 * `{prefix}election/{name}/{lease id in hex}`, inside it.
 */
export function electionPrefix(prefix: string): string {
  return `${normalizePrefix(prefix)}election/`;
}
