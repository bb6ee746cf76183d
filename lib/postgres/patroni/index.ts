export { PatroniStartError } from './errors.js';
export { readDatabaseServers } from './dcs-members.js';
export { releasePatroniKeys, type PatroniDcs } from './release-keys.js';
export { FAST_FAILOVER, PATRONI_SCOPE, patroniConfig, type PatroniClusterSpec, type PatroniMemberSpec, type PatroniTiming } from './patroni-config.js';
export { PatroniMember, type PatroniMemberOptions } from './patroni-member.js';
export { startPatroniPair, type PatroniPair, type PatroniPairOptions } from './patroni-pair.js';
export { findPatroniPrograms, type PatroniPrograms } from './patroni-programs.js';
export { fetchDatabaseServers, isReplicatedPair, type DatabaseServer } from './patroni-rest.js';
