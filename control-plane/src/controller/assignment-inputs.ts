import type { Etcd3 } from 'etcd3';

import { silentLogger, type Logger } from '#lib/logging/index.js';
import {
  assignmentKey,
  drainPrefix,
  PrefixWatcher,
  topologyKey,
  watchNodes,
  type RegisteredNode,
} from '#lib/membership/index.js';
import { topologySchema, type Topology } from '#lib/orders/index.js';

/** The topology key's value as the controller sees it: valid, or present but unusable. */
export type StoredTopology =
  | { readonly valid: true; readonly topology: Topology }
  | { readonly valid: false; readonly raw: string; readonly problem: string };

/**
 * Decodes the value of the topology key (JSON `{regions, failover}`). Never throws: a value that
 * is not a valid topology is reported as invalid, so the controller can tell "absent" (write
 * the default) from "present but broken" (leave the operator's value alone).
 */
export function decodeStoredTopology(raw: string): StoredTopology {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { valid: false, raw, problem: `not JSON: ${(error as Error).message}` };
  }
  const parsed = topologySchema.safeParse(json);
  if (!parsed.success) return { valid: false, raw, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { valid: true, topology: parsed.data };
}

/** The JSON stored under the topology key. */
export function encodeTopology(topology: Topology): string {
  return JSON.stringify({ regions: topology.regions, failover: topology.failover });
}

/** What the assignment reconciler reads the world from (cached snapshots of etcd). */
export interface ObservedInputs {
  /** Whether every input has been listed at least once; until then the snapshots are not the world. */
  synced(): boolean;
  /** Live nodes by node id. */
  nodes(): ReadonlyMap<string, RegisteredNode>;
  /** The topology key's value; undefined when the key is absent. */
  topology(): StoredTopology | undefined;
  /** Node ids with a drain request (drain/{node_id} keys). */
  drains(): ReadonlySet<string>;
}

/** Options of {@link AssignmentInputs}. */
export interface AssignmentInputsOptions {
  client: Etcd3;
  /** Keyspace prefix, e.g. '/ordermesh/v1/'. */
  prefix: string;
  /** Called after every change of any input (and after each list): enqueue the reconcile. */
  onChange: () => void;
  log?: Logger;
}

/**
 * The assignment controller's informers: list-then-watch mirrors of `nodes/`, the `topology`
 * key, `drain/` and the `assignment` key itself (so a value changed behind the leader's back is
 * put right). Each change only calls `onChange`; the reconciler reads the snapshots.
 */
export class AssignmentInputs implements ObservedInputs {
  readonly #nodes: PrefixWatcher<RegisteredNode>;
  readonly #topology: PrefixWatcher<StoredTopology>;
  readonly #drains: PrefixWatcher<true>;
  readonly #assignment: PrefixWatcher<true>;

  constructor(options: AssignmentInputsOptions) {
    const log = options.log ?? silentLogger();
    const common = { client: options.client, onChange: () => options.onChange(), log };
    this.#nodes = watchNodes({ ...common, prefix: options.prefix });
    // Single keys are watched as prefixes of themselves; anything longer is someone else's key.
    this.#topology = new PrefixWatcher<StoredTopology>({
      ...common,
      prefix: topologyKey(options.prefix),
      decode: (raw, relative) => {
        if (relative !== '') throw new Error('not the topology key');
        return decodeStoredTopology(raw);
      },
    });
    this.#drains = new PrefixWatcher<true>({ ...common, prefix: drainPrefix(options.prefix), decode: () => true });
    this.#assignment = new PrefixWatcher<true>({
      ...common,
      prefix: assignmentKey(options.prefix),
      decode: (_raw, relative) => {
        if (relative !== '') throw new Error('not the assignment key');
        return true;
      },
    });
  }

  synced(): boolean {
    return [this.#nodes, this.#topology, this.#drains, this.#assignment].every((w) => w.lists > 0);
  }

  nodes(): ReadonlyMap<string, RegisteredNode> {
    return this.#nodes.snapshot();
  }

  topology(): StoredTopology | undefined {
    return this.#topology.snapshot().get('');
  }

  drains(): ReadonlySet<string> {
    return new Set(this.#drains.snapshot().keys());
  }

  /** Runs every watcher until `signal` aborts; resolves once all have stopped. */
  async start(signal: AbortSignal): Promise<void> {
    await Promise.all([this.#nodes, this.#topology, this.#drains, this.#assignment].map((w) => w.start(signal)));
  }
}
