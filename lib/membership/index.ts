/**
 * etcd membership of warehouse nodes: the keyspace, a lease session, a node's registration and
 * load reports, side services' registrations, and list-then-watch mirrors of prefixes for
 * everyone who routes.
 */
export {
  DEFAULT_ETCD_PREFIX,
  assignmentKey,
  drainKey,
  drainPrefix,
  electionPrefix,
  loadKey,
  loadPrefix,
  nodeKey,
  nodesPrefix,
  serviceKey,
  servicesPrefix,
  normalizePrefix,
  topologyKey,
} from './keys.js';
export {
  NODE_ID_PATTERN,
  NODE_ID_RULE,
  addressSchema,
  decodeNodeLoad,
  decodeRegisteredNode,
  decodeRegisteredService,
  jsonDecoder,
  nodeIdSchema,
  nodeLoadSchema,
  regionSchema,
  registeredNodeSchema,
  registeredServiceSchema,
  type NodeLoad,
  type NodeLoadSample,
  type RegisteredNode,
  type RegisteredService,
} from './types.js';
export {
  EtcdUnavailableError,
  InvalidNodeIdError,
  InvalidValueError,
  SessionClosedError,
  SessionLostError,
  type SessionLostReason,
} from './errors.js';
export { createEtcdClient, type EtcdClientOptions } from './client.js';
export { EtcdSession, type EtcdSessionOptions, type EtcdSessionState, type SessionCallOptions } from './session.js';
export { LeasedRegistration, type LeasedRegistrationOptions, type LeasedRegistrationState } from './leased-registration.js';
export { NodeRegistration, type NodeRegistrationOptions, type NodeRegistrationState } from './node-registration.js';
export { readRegisteredServices, ServiceRegistration, type ServiceRegistrationOptions } from './service-registration.js';
export { PrefixWatcher, type PrefixWatcherOptions, type PrefixWatcherState } from './prefix-watcher.js';
export { watchLoads, watchNodes, type NodeWatcherOptions } from './node-watchers.js';
export { applyEtcdAccess, etcdAccounts, type ApplyEtcdAccessOptions, type EtcdAccount, type EtcdAccountsOptions, type EtcdGrant } from './etcd-access.js';
