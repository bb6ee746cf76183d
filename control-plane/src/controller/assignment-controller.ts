import { hostname } from 'node:os';

import type { Etcd3 } from 'etcd3';

import {
  Controller,
  LeaderElection,
  type LeaderElectionState,
  type LeaderReadOptions,
  type LeadershipTerm,
  type WorkQueueOptions,
} from '#lib/controller/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import { DEFAULT_ETCD_PREFIX, normalizePrefix } from '#lib/membership/index.js';
import { DEFAULT_RING_PARAMETERS, type Assignment } from '#lib/routing/index.js';
import { AssignmentInputs } from './assignment-inputs.js';
import { ASSIGNMENT_QUEUE_KEY, AssignmentReconciler } from './assignment-reconciler.js';

/** The name of the controller's election: its keys are `{prefix}election/assignment-controller/{lease id in hex}`. */
export const ASSIGNMENT_ELECTION = 'assignment-controller';

/** Options of {@link AssignmentController}. */
export interface AssignmentControllerOptions {
  /** The process's etcd client; the caller closes it after start() resolves. */
  client: Etcd3;
  /** Keyspace prefix; default '/ordermesh/v1/'. */
  prefix?: string;
  /** This replica's id: its value in the election and the published `leader`; default `{hostname}-{pid}`. */
  identity?: string;
  /**
   * TTL of the leadership lease, whole seconds; default 2. A leader that stops gracefully
   * resigns and is replaced at once; one that dies is replaced once its lease expires, within
   * the TTL of its last keepalive (plus up to 0.5 s of etcd's expiry sweep). Shorter means
   * faster failover but a leader whose event loop stalls for a TTL loses leadership.
   */
  electionTtlSeconds?: number;
  /** Deadline of each etcd call of a reconcile; default 2 000 ms. */
  callTimeoutMs?: number;
  /** Backoff of failed reconciles; default 50 ms doubling up to 5 000 ms. */
  retry?: WorkQueueOptions;
  /** Ring parameters to publish; default DEFAULT_RING_PARAMETERS. */
  ring?: Assignment['ring'];
  log?: Logger;
  /** Called on every election state change (health, metrics). Must not throw. */
  onStateChange?: (state: LeaderElectionState) => void;
  /** Called after every publish (metrics: epoch, members). Must not throw. */
  onPublished?: (assignment: Assignment) => void;
}

/**
 * The control plane's assignment controller. It runs in every replica and acts only in the one
 * that holds the `assignment-controller` election: that replica mirrors `nodes/`, `topology`,
 * `drain/` and `assignment` (list-then-watch), and every change enqueues the single key
 * 'assignment', which {@link AssignmentReconciler} brings up to date with fenced writes. The
 * moment leadership is lost, the watchers, the queue and the reconcile in flight stop (and any
 * write already on its way fails its fence); the replica then campaigns again.
 */
export class AssignmentController {
  /** The election; exposes the current term (the fence) and who leads. */
  readonly election: LeaderElection;
  readonly #options: AssignmentControllerOptions;
  readonly #prefix: string;
  readonly #identity: string;
  readonly #log: Logger;
  #highestEpoch = 0;
  #lastPublished: Assignment | undefined;

  /** Thrown by: RangeError for an empty prefix, or a TTL that is not a whole number ≥ 1. */
  constructor(options: AssignmentControllerOptions) {
    this.#options = options;
    this.#prefix = normalizePrefix(options.prefix ?? DEFAULT_ETCD_PREFIX);
    this.#identity = options.identity ?? `${hostname()}-${process.pid}`;
    this.#log = (options.log ?? silentLogger()).child({ component: 'assignment-controller' });
    this.election = new LeaderElection({
      client: options.client,
      namespace: this.#prefix,
      name: ASSIGNMENT_ELECTION,
      identity: this.#identity,
      ttlSeconds: options.electionTtlSeconds ?? 2,
      lead: (leaderSignal, term) => this.#lead(leaderSignal, term),
      log: this.#log,
      ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
    });
  }

  /** This replica's identity. */
  get identity(): string {
    return this.#identity;
  }

  /** Whether this replica leads (and so runs the reconciler) right now. */
  get isLeader(): boolean {
    return this.election.isLeader;
  }

  /** The current leadership term (the fence of every write), while leading. */
  get term(): LeadershipTerm | undefined {
    return this.election.term;
  }

  /** The last assignment this replica published, if any. */
  get lastPublished(): Assignment | undefined {
    return this.#lastPublished;
  }

  /**
   * Reads the identity of the leading replica from etcd (for the admin API's `leader` field);
   * undefined when no replica campaigns. Thrown by: EtcdUnavailableError when etcd does not answer.
   */
  leader(options: LeaderReadOptions = {}): Promise<string | undefined> {
    return this.election.leader(options);
  }

  /** Campaigns and, while leading, reconciles, until `signal` aborts; then revokes its session (resigning) and resolves. */
  start(signal: AbortSignal): Promise<void> {
    return this.election.start(signal);
  }

  /** One term of leadership: informers, queue and reconciler, all stopped by `leaderSignal`. */
  async #lead(leaderSignal: AbortSignal, term: LeadershipTerm): Promise<void> {
    const log = this.#log.child({ term: term.createRevision });
    // Informers and controller refer to each other; no event arrives before start().
    let controller: Controller<string> | undefined;
    const inputs = new AssignmentInputs({
      client: this.#options.client,
      prefix: this.#prefix,
      onChange: () => controller?.enqueue(ASSIGNMENT_QUEUE_KEY),
      log,
    });
    const reconciler = new AssignmentReconciler({
      client: this.#options.client,
      prefix: this.#prefix,
      inputs,
      fence: term,
      identity: this.#identity,
      ring: this.#options.ring ?? DEFAULT_RING_PARAMETERS,
      ...(this.#options.callTimeoutMs !== undefined ? { callTimeoutMs: this.#options.callTimeoutMs } : {}),
      epochs: { get: () => this.#highestEpoch, raise: (epoch) => void (this.#highestEpoch = Math.max(this.#highestEpoch, epoch)) },
      onPublished: (assignment) => {
        this.#lastPublished = assignment;
        this.#options.onPublished?.(assignment);
      },
      log,
    });
    controller = new Controller<string>({
      name: 'assignment',
      reconciler,
      workers: 1,
      ...(this.#options.retry ? { queue: this.#options.retry } : {}),
      log,
    });
    log.info('assignment controller running');
    await Promise.all([inputs.start(leaderSignal), controller.start(leaderSignal)]);
    log.info('assignment controller stopped');
  }
}
