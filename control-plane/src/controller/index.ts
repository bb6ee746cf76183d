/**
 * The control plane's assignment controller: leader-elected, level-based reconciliation of the
 * published routing table (`assignment`) from live nodes, the topology and drain requests.
 * Design: docs/control-plane.md, "Controller".
 */
export {
  ASSIGNMENT_ELECTION,
  AssignmentController,
  type AssignmentControllerOptions,
} from './assignment-controller.js';
export {
  ASSIGNMENT_QUEUE_KEY,
  AssignmentReconciler,
  type AssignmentReconcilerOptions,
  type EpochFloor,
} from './assignment-reconciler.js';
export {
  AssignmentInputs,
  decodeStoredTopology,
  encodeTopology,
  type AssignmentInputsOptions,
  type ObservedInputs,
  type StoredTopology,
} from './assignment-inputs.js';
export {
  assignmentSpec,
  desiredAssignment,
  sameAssignment,
  unplacedNodes,
  type AssignmentSpec,
  type DesiredAssignmentInput,
} from './desired-assignment.js';
export {
  publishAssignment,
  readAssignment,
  type EtcdCallOptions,
  type LeaderFence,
  type PublishAssignmentOptions,
  type PublishResult,
  type StoredAssignment,
} from './publish-assignment.js';
export { GuardFailedError } from './errors.js';
