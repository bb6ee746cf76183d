import type { Etcd3 } from 'etcd3';
import { silentLogger, type Logger } from '../logging/index.js';
import {
  assignmentKey,
  PrefixWatcher,
  watchLoads,
  type NodeLoad,
  type PrefixWatcherState,
} from '../membership/index.js';
import type { Topology } from '../orders/index.js';
import type { BackoffOptions } from '../runtime/index.js';
import { parseAssignment, type Assignment } from './assignment.js';
import { Router } from './router.js';

/** Options of {@link AssignmentSource}. */
export interface AssignmentSourceOptions {
  /** The process's etcd client; the caller closes it after start() resolves. */
  client: Etcd3;
  /** Keyspace prefix, e.g. `/ordermesh/v1/`. */
  prefix: string;
  log?: Logger;
  /**
   * A node's load report counts for this long after the gateway last saw it change; an older
   * one (its reporter stuck, or etcd unreachable) counts as no load. Default 10 000 ms.
   */
  loadStaleAfterMs?: number;
  /** Retry pacing of the assignment watcher while etcd is unreachable (lib/membership defaults; the load watcher always uses them). */
  backoff?: BackoffOptions;
}

/** Called with the new Router after every change of the assignment. */
export type AssignmentListener = (router: Router) => void;

/** The stored assignment with its raw JSON, so a re-list of the same value changes nothing. */
interface StoredAssignment {
  raw: string;
  assignment: Assignment;
}

/** A load report and when (local clock) this process saw it change. */
interface SeenLoad {
  load: NodeLoad;
  seenAtMs: number;
}

/**
 * The gateway's view of the routing table: watches the assignment key (list, then watch from
 * the listed revision + 1) and serves a {@link Router} built from the latest assignment, plus
 * every node's load report for bounded-load placement.
 *
 * Static stability: while etcd is unreachable, and when the assignment key is deleted or holds
 * something that does not parse, the last good Router stays in place. Losing the control plane
 * never stops routing; only a newer valid assignment replaces the current one.
 */
export class AssignmentSource {
  private current: Router | undefined;
  private currentRaw: string | undefined;
  private currentTopology: Topology | undefined;
  private keptLastLogged = false;
  private loadsSeen = new Map<string, SeenLoad>();
  private readonly listeners = new Set<AssignmentListener>();
  private readonly waiters = new Set<{ resolve: (router: Router) => void; reject: (err: unknown) => void }>();
  private readonly assignmentWatcher: PrefixWatcher<StoredAssignment | null>;
  private readonly loadWatcher: PrefixWatcher<NodeLoad>;
  private readonly log: Logger;
  private readonly loadStaleAfterMs: number;
  private started = false;
  /** The etcd key the assignment is read from. */
  readonly key: string;

  constructor(options: AssignmentSourceOptions) {
    this.log = (options.log ?? silentLogger()).child({ component: 'assignment-source' });
    this.loadStaleAfterMs = options.loadStaleAfterMs ?? 10_000;
    this.key = assignmentKey(options.prefix);
    this.assignmentWatcher = new PrefixWatcher<StoredAssignment | null>({
      client: options.client,
      // A prefix watch of the one key: keys that merely start with it decode to null.
      prefix: this.key,
      decode: (raw, relative) => (relative === '' ? { raw, assignment: parseAssignment(raw) } : null),
      onChange: (snapshot) => this.onAssignment(snapshot.get('') ?? undefined),
      log: this.log,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    this.loadWatcher = watchLoads({
      client: options.client,
      prefix: options.prefix,
      onChange: (snapshot) => this.onLoads(snapshot),
      log: this.log,
    });
  }

  /** The Router of the latest assignment; undefined until the first one has been read. */
  get router(): Router | undefined {
    return this.current;
  }

  /** The latest assignment's epoch; undefined until the first one has been read. */
  get epoch(): number | undefined {
    return this.current?.epoch;
  }

  /**
   * The topology the latest assignment publishes (its regions and their failover order), which
   * requests are validated against; undefined until an assignment naming regions has been read.
   */
  get topology(): Topology | undefined {
    return this.currentTopology;
  }

  /** The etcd revision the assignment watcher has caught up with; undefined before its first list. */
  get revision(): string | undefined {
    return this.assignmentWatcher.revision;
  }

  /** Where the assignment watcher is; the last Router is served in every state. */
  get state(): PrefixWatcherState {
    return this.assignmentWatcher.state;
  }

  /**
   * Calls `listener` with the new Router after every change of the assignment (not with the
   * current one: read {@link router} first). Listener errors are logged, never thrown.
   * Returns the function that unsubscribes.
   */
  onChange(listener: AssignmentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the Router once an assignment has been read (at once when one has).
   * Thrown by (rejects with): `signal.reason` when `signal` aborts first; Error when the
   * source stops first.
   */
  whenReady(signal?: AbortSignal): Promise<Router> {
    if (this.current) return Promise.resolve(this.current);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Router>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters.delete(waiter);
        reject(signal?.reason);
      };
      const waiter = {
        resolve: (router: Router) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(router);
        },
        reject: (err: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A node's current load for bounded-load placement: its reported in-flight requests, or 0
   * when it has reported nothing recently. An arrow property, so it can be passed as is to
   * `router.placeNewOrder(orderId, source.loadOf)`.
   */
  readonly loadOf = (nodeId: string): number => {
    const seen = this.loadsSeen.get(nodeId);
    if (!seen || Date.now() - seen.seenAtMs > this.loadStaleAfterMs) return 0;
    return seen.load.inFlight;
  };

  /** Every node's last load report (node id → report), stale ones included. */
  loads(): ReadonlyMap<string, NodeLoad> {
    return new Map([...this.loadsSeen].map(([id, seen]) => [id, seen.load]));
  }

  /**
   * Watches the assignment and the load reports until `signal` aborts, then resolves. Never
   * throws for etcd trouble (the watchers retry with backoff and keep their last snapshot).
   * Thrown by: Error when called a second time.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('AssignmentSource.start() may be called once');
    this.started = true;
    try {
      await Promise.all([this.assignmentWatcher.start(signal), this.loadWatcher.start(signal)]);
    } finally {
      const stopped = new Error('the assignment source stopped before an assignment was read');
      for (const waiter of this.waiters) waiter.reject(stopped);
      this.waiters.clear();
    }
  }

  private onAssignment(stored: StoredAssignment | undefined): void {
    if (!stored) {
      // Deleted, or a value that did not parse (the watcher logged why): keep routing on the
      // last good one. Logged once per episode, not on every re-list.
      if (this.current && !this.keptLastLogged) {
        this.keptLastLogged = true;
        this.log.warn({ key: this.key, epoch: this.current.epoch }, 'no valid assignment in etcd; keeping the last one');
      }
      return;
    }
    this.keptLastLogged = false;
    if (stored.raw === this.currentRaw) return;
    let router: Router;
    try {
      router = new Router(stored.assignment);
    } catch (err) {
      this.log.error({ err, epoch: stored.assignment.epoch }, 'cannot build a router from the assignment; keeping the last one');
      return;
    }
    const previous = this.current;
    if (previous && router.epoch < previous.epoch) {
      // Only a restored etcd backup or a hand edit does this; etcd is the truth, so follow it.
      this.log.warn({ epoch: router.epoch, previousEpoch: previous.epoch }, 'assignment epoch went backwards; following etcd');
    }
    this.current = router;
    this.currentRaw = stored.raw;
    this.currentTopology = topologyOf(stored.assignment);
    this.log.info(
      { epoch: router.epoch, previousEpoch: previous?.epoch, nodes: stored.assignment.nodes.length, active: router.activeNodes().length },
      'assignment changed',
    );
    for (const waiter of this.waiters) waiter.resolve(router);
    this.waiters.clear();
    for (const listener of this.listeners) {
      try {
        listener(router);
      } catch (err) {
        this.log.error({ err, epoch: router.epoch }, 'assignment listener threw');
      }
    }
  }

  private onLoads(snapshot: ReadonlyMap<string, NodeLoad>): void {
    // Freshness is judged by when this process saw a report change, on its own clock: immune
    // to clock skew between machines, and a re-list after an etcd outage (same reports) does
    // not make old reports look new.
    const now = Date.now();
    const next = new Map<string, SeenLoad>();
    for (const [nodeId, load] of snapshot) {
      const before = this.loadsSeen.get(nodeId);
      const unchanged = before && before.load.reportedAt === load.reportedAt && before.load.inFlight === load.inFlight;
      next.set(nodeId, unchanged ? before : { load, seenAtMs: now });
    }
    this.loadsSeen = next;
  }
}

/** The topology an assignment publishes; undefined when it names no region. */
function topologyOf(assignment: Assignment): Topology | undefined {
  if (assignment.regions.length === 0) return undefined;
  return {
    regions: assignment.regions.map((r) => r.region),
    failover: Object.fromEntries(assignment.regions.map((r) => [r.region, r.failover])),
  };
}
