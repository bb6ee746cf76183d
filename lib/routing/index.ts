export {
  assignmentSchema,
  DEFAULT_RING_PARAMETERS,
  parseAssignment,
  RING_HASH,
  type AssignedNode,
  type Assignment,
  type NodeState,
} from './assignment.js';
export { Router } from './router.js';
export { AssignmentSource, type AssignmentListener, type AssignmentSourceOptions } from './assignment-source.js';
