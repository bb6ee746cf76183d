export { controlPlaneServiceHandlers, type ControlPlaneServiceDeps } from './control-plane-service.js';
export { toProtoAssignment, toProtoNodeState } from './assignment-proto.js';
export { drainNode, type DrainDeps } from './drain-node.js';
export { fetchStats } from './fetch-stats.js';
export { NodeDirectory, type LeaseTimes, type RegisteredWithLease } from './node-directory.js';
