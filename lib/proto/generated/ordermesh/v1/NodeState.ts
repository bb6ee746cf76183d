// Original file: proto/ordermesh/v1/control_plane.proto

/**
 * A node's state in the assignment.
 */
export const NodeState = {
  NODE_STATE_UNSPECIFIED: 'NODE_STATE_UNSPECIFIED',
  /**
   * Owns its share of the ring.
   */
  ACTIVE: 'ACTIVE',
  /**
   * Owns nothing; finishing in-flight work before it stops.
   */
  DRAINING: 'DRAINING',
} as const;

/**
 * A node's state in the assignment.
 */
export type NodeState =
  | 'NODE_STATE_UNSPECIFIED'
  | 0
  /**
   * Owns its share of the ring.
   */
  | 'ACTIVE'
  | 1
  /**
   * Owns nothing; finishing in-flight work before it stops.
   */
  | 'DRAINING'
  | 2

/**
 * A node's state in the assignment.
 */
export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
