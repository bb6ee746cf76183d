/**
 * Generic controller machinery in the manner of controller-runtime: a de-duplicating work queue
 * with per-key backoff, a controller that runs a level-based reconciler over it, the error that
 * stops retries, and leader election over etcd (an election on lib/membership's lease session,
 * as etcd's concurrency package builds it) so only one replica acts. Nothing here knows
 * about ordermesh; the assignment controller in control-plane/ is built from it.
 */
export { WorkQueue, type WorkQueueOptions } from './work-queue.js';
export { TerminalError, isTerminalError } from './terminal-error.js';
export { Controller, type ControllerOptions, type ControllerState, type Reconciler } from './controller.js';
export { Election, readLeader, type ElectedKey, type ElectionCallOptions } from './election.js';
export {
  LeaderElection,
  LeadershipLostError,
  type LeaderElectionOptions,
  type LeaderElectionState,
  type LeaderReadOptions,
  type LeadershipLossReason,
  type LeadershipTerm,
} from './leader-election.js';
