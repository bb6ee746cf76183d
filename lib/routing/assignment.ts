import { z } from 'zod';
import { DEFAULT_LOAD_BOUND, DEFAULT_VNODES } from '../ring/index.js';

/** A node's state in the assignment: ACTIVE owns its ring share; DRAINING owns nothing. */
export type NodeState = 'ACTIVE' | 'DRAINING';

/** The hash the ring uses; published so that every router builds the same ring. */
export const RING_HASH = 'murmur3_x86_32';

/**
 * The published routing table, stored as JSON under `<prefix>assignment`. Written only by the
 * leader, in a transaction guarded by its leadership and the previous revision; read by every
 * gateway and node.
 */
export const assignmentSchema = z.object({
  /** Increases by one with every published change. */
  epoch: z.number().int().nonnegative(),
  /** The control-plane replica that published it. */
  leader: z.string(),
  publishedAt: z.string(),
  ring: z.object({
    vnodes: z.number().int().positive(),
    loadBound: z.number().min(1),
    hash: z.literal(RING_HASH),
  }),
  /** Every region of the topology, in topology order. */
  regions: z.array(
    z.object({
      region: z.string(),
      /** Live ACTIVE members, sorted by node id. */
      members: z.array(z.string()),
      /** Regions that take this region's orders, in order, when it has no live member. */
      failover: z.array(z.string()),
    }),
  ),
  /** Every live node, ACTIVE or DRAINING. */
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      region: z.string(),
      address: z.string(),
      state: z.enum(['ACTIVE', 'DRAINING']),
      /** The node's share of its region's ring, 0 to 1. */
      ringShare: z.number().min(0).max(1),
    }),
  ),
});

/** The published routing table. */
export type Assignment = z.infer<typeof assignmentSchema>;
/** One node in the assignment. */
export type AssignedNode = Assignment['nodes'][number];

/** The ring parameters a new assignment carries by default. */
export const DEFAULT_RING_PARAMETERS: Assignment['ring'] = { vnodes: DEFAULT_VNODES, loadBound: DEFAULT_LOAD_BOUND, hash: RING_HASH };

/** Parses an assignment read from etcd. @throws Error (zod) when it is malformed. */
export function parseAssignment(json: string): Assignment {
  return assignmentSchema.parse(JSON.parse(json));
}
