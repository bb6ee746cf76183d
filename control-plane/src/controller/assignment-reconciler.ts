import type { Etcd3 } from 'etcd3';

import type { Reconciler } from '#lib/controller/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import {
  drainPrefix,
  EtcdUnavailableError,
  NODE_ID_PATTERN,
  nodeKey,
  topologyKey,
} from '#lib/membership/index.js';
import { abortable } from '#lib/runtime/index.js';
import { DEFAULT_TOPOLOGY, type Topology } from '#lib/orders/index.js';
import { DEFAULT_RING_PARAMETERS, type Assignment } from '#lib/routing/index.js';
import { encodeTopology, type ObservedInputs } from './assignment-inputs.js';
import { desiredAssignment, sameAssignment, unplacedNodes } from './desired-assignment.js';
import { GuardFailedError } from './errors.js';
import { publishAssignment, readAssignment, type LeaderFence } from './publish-assignment.js';

/** The one work-queue key of the assignment controller: there is one assignment. */
export const ASSIGNMENT_QUEUE_KEY = 'assignment';

/** The highest epoch a controller has seen, kept across its terms (see {@link AssignmentReconcilerOptions.epochs}). */
export interface EpochFloor {
  /** The highest epoch seen so far (0 at first). */
  get(): number;
  /** Records an epoch that was read or published. */
  raise(epoch: number): void;
}

/** Options of {@link AssignmentReconciler}. */
export interface AssignmentReconcilerOptions {
  client: Etcd3;
  /** Keyspace prefix, e.g. '/ordermesh/v1/'. */
  prefix: string;
  /** The cached world (nodes, topology, drain requests). */
  inputs: ObservedInputs;
  /** The leadership term every write is fenced by. */
  fence: LeaderFence;
  /** This replica's identity, published as the assignment's `leader`. */
  identity: string;
  /** Ring parameters to publish; default DEFAULT_RING_PARAMETERS. */
  ring?: Assignment['ring'];
  /** Deadline of each etcd call; default 2 000 ms. */
  callTimeoutMs?: number;
  /**
   * The epoch floor, so an epoch never goes backwards while this process leads, even when the
   * stored assignment was deleted or made unreadable; default a fresh floor.
   */
  epochs?: EpochFloor;
  /** Called after every successful publish. Must not throw. */
  onPublished?: (assignment: Assignment) => void;
  /** Stamps publishedAt; default the clock. */
  now?: () => Date;
  log?: Logger;
}

/**
 * Level-based reconciler of the `assignment` key. Each run, whatever woke it:
 * 1. waits for every input to be listed (an unsynced, empty node list would publish an empty table);
 * 2. takes the topology from its key — DEFAULT_TOPOLOGY when absent (and writes the default, so
 *    it can be edited) or invalid (the invalid value is left alone and warned about);
 * 3. deletes drain requests whose node is no longer registered;
 * 4. reads the stored assignment and its mod revision, computes the desired one
 *    ({@link desiredAssignment}), and when they differ (ignoring epoch, leader, publishedAt)
 *    publishes it with epoch + 1 in one transaction fenced by leadership and that mod revision.
 * A refused publish throws {@link GuardFailedError}, so the controller requeues and the next run
 * re-reads everything; etcd trouble throws EtcdUnavailableError (also requeued).
 */
export class AssignmentReconciler implements Reconciler<string> {
  readonly #options: AssignmentReconcilerOptions;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #epochs: EpochFloor;
  #warnedTopology: string | undefined;
  #warnedUnplaced = '';

  constructor(options: AssignmentReconcilerOptions) {
    this.#options = options;
    this.#log = (options.log ?? silentLogger()).child({ component: 'assignment-reconciler' });
    this.#timeoutMs = options.callTimeoutMs ?? 2_000;
    let highest = 0;
    this.#epochs = options.epochs ?? { get: () => highest, raise: (e) => void (highest = Math.max(highest, e)) };
  }

  async reconcile(_key: string, signal: AbortSignal): Promise<void> {
    const { inputs } = this.#options;
    if (!inputs.synced()) {
      // The last input to finish its first list enqueues the key again.
      this.#log.debug('inputs not listed yet; waiting');
      return;
    }
    const nodes = inputs.nodes();
    const drains = inputs.drains();
    const topology = await this.#topology(signal);
    await this.#removeStaleDrains(nodes, drains, signal);

    const stored = await readAssignment(this.#options.client, this.#options.prefix, { timeoutMs: this.#timeoutMs, signal });
    this.#epochs.raise(stored.epoch);
    const desired = desiredAssignment({ nodes: nodes.values(), draining: drains, topology, ring: this.#options.ring ?? DEFAULT_RING_PARAMETERS });
    this.#warnUnplaced(unplacedNodes(desired).map((n) => `${n.nodeId}@${n.region}`).join(','));
    if (stored.assignment !== undefined && sameAssignment(stored.assignment, desired)) {
      this.#log.debug({ epoch: stored.epoch }, 'assignment up to date');
      return;
    }
    if (stored.malformed) this.#log.warn({ modRevision: stored.modRevision }, 'stored assignment is malformed; replacing it');

    signal.throwIfAborted();
    const epoch = Math.max(stored.epoch, this.#epochs.get()) + 1;
    // The publish is not abandoned on abort: it is fenced and bounded by its deadline, and
    // waiting for etcd's answer means a publish that landed is always logged and counted.
    const assignment: Assignment = {
      epoch,
      leader: this.#options.identity,
      publishedAt: (this.#options.now?.() ?? new Date()).toISOString(),
      ...desired,
    };
    const result = await publishAssignment(this.#options.client, {
      prefix: this.#options.prefix,
      assignment,
      expectedModRevision: stored.modRevision,
      leader: this.#options.fence,
      timeoutMs: this.#timeoutMs,
    });
    if (!result.published) throw new GuardFailedError('assignment', stored.modRevision);
    this.#epochs.raise(epoch);
    this.#log.info(
      {
        epoch,
        revision: result.revision,
        members: Object.fromEntries(assignment.regions.map((r) => [r.region, r.members])),
        draining: assignment.nodes.filter((n) => n.state === 'DRAINING').map((n) => n.nodeId),
      },
      'assignment published',
    );
    try {
      this.#options.onPublished?.(assignment);
    } catch (error) {
      this.#log.error({ err: error }, 'onPublished threw');
    }
  }

  /** The topology to route by; writes the default when the key is absent. */
  async #topology(signal: AbortSignal): Promise<Topology> {
    const stored = this.#options.inputs.topology();
    if (stored?.valid) {
      this.#warnedTopology = undefined;
      return stored.topology;
    }
    if (stored !== undefined) {
      if (this.#warnedTopology !== stored.raw) {
        this.#warnedTopology = stored.raw;
        this.#log.warn({ problem: stored.problem }, 'stored topology is invalid; routing by the default topology');
      }
      return DEFAULT_TOPOLOGY;
    }
    // Absent: store the default so operators (and the admin API) have a value to edit. Guarded
    // on the key still being absent: an operator's concurrent write wins, and its watch event
    // brings the next reconcile.
    const key = topologyKey(this.#options.prefix);
    const written = await this.#commit(
      'default topology write',
      this.#options.client
        .if(key, 'Create', '==', 0)
        .and(this.#options.fence.key, 'Create', '==', this.#options.fence.createRevision)
        .then(this.#options.client.put(key).value(encodeTopology(DEFAULT_TOPOLOGY))),
      signal,
    );
    if (written) this.#log.info({ topology: DEFAULT_TOPOLOGY }, 'default topology written');
    return DEFAULT_TOPOLOGY;
  }

  /** Deletes drain requests of nodes that are not registered — checked in etcd, not only in the cache. */
  async #removeStaleDrains(nodes: ReadonlyMap<string, unknown>, drains: ReadonlySet<string>, signal: AbortSignal): Promise<void> {
    const { client, prefix, fence } = this.#options;
    for (const nodeId of drains) {
      if (nodes.has(nodeId)) continue;
      // The cache may lag a node that registered a moment ago: the delete is guarded on its
      // key being absent in etcd now. An id that is no valid node id can never be registered.
      let txn = client.if(fence.key, 'Create', '==', fence.createRevision);
      if (NODE_ID_PATTERN.test(nodeId)) txn = txn.and(nodeKey(prefix, nodeId), 'Create', '==', 0);
      const deleted = await this.#commit('drain request delete', txn.then(client.delete().key(`${drainPrefix(prefix)}${nodeId}`)), signal);
      if (deleted) this.#log.info({ nodeId }, 'drain request of an unregistered node removed');
    }
  }

  /** Commits a guarded transaction; resolves whether its guard held. */
  async #commit(what: string, txn: ReturnType<Etcd3['if']>, signal: AbortSignal): Promise<boolean> {
    try {
      const response = await abortable(txn.options({ deadline: Date.now() + this.#timeoutMs }).commit(), signal);
      return response.succeeded;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new EtcdUnavailableError(what, { cause: error });
    }
  }

  #warnUnplaced(summary: string): void {
    if (summary === this.#warnedUnplaced) return;
    this.#warnedUnplaced = summary;
    if (summary !== '') this.#log.warn({ nodes: summary }, 'nodes in regions outside the topology are in no ring');
  }
}
