/**
 * Consistent hashing for routing orders to warehouse nodes: a ring with virtual nodes over a
 * region's live ACTIVE members, plus bounded-load lookups. Design and measurements: docs/ring.md.
 */
export { DEFAULT_LOAD_BOUND, DEFAULT_VNODES, HashRing, type HashRingOptions } from './ring.js';
export { murmur3 } from './hash.js';
