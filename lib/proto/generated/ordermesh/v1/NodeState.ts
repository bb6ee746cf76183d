// Original file: proto/ordermesh/v1/control_plane.proto

/**
 * A node's state in the assignment.
 */
export const NodeState = {
  NODE_STATE_UNSPECIFIED: 'NODE_STATE_UNSPECIFIED',
  /**
   * Owns its share of the ring.
   */
  NODE_STATE_ACTIVE: 'NODE_STATE_ACTIVE',
  /**
   * Owns nothing; finishing in-flight work before it stops.
   */
  NODE_STATE_DRAINING: 'NODE_STATE_DRAINING',
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
  | 'NODE_STATE_ACTIVE'
  | 1
  /**
   * Owns nothing; finishing in-flight work before it stops.
   */
  | 'NODE_STATE_DRAINING'
  | 2

/**
 * A node's state in the assignment.
 */
export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
