import type { Etcd3 } from 'etcd3';

import { TerminalError } from '#lib/controller/index.js';
import { assignmentKey, EtcdUnavailableError } from '#lib/membership/index.js';
import { abortable } from '#lib/runtime/index.js';
import { assignmentSchema, parseAssignment, type Assignment } from '#lib/routing/index.js';

/** The leader's fence: its election key and that key's create revision (see LeadershipTerm). */
export interface LeaderFence {
  readonly key: string;
  readonly createRevision: string;
}

/** Deadline and cancellation of one etcd call. */
export interface EtcdCallOptions {
  /** Deadline of the call; default 2 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The assignment key as read from etcd. */
export interface StoredAssignment {
  /** The key's mod revision, '0' when the key is absent: the guard of the next publish. */
  readonly modRevision: string;
  /** The parsed assignment; undefined when absent or malformed. */
  readonly assignment: Assignment | undefined;
  /** Whether a value exists that does not parse as an assignment. */
  readonly malformed: boolean;
  /**
   * The stored epoch: the assignment's, or for a malformed value its `epoch` field when that is
   * a whole number (so a republish still moves the epoch forward); 0 when absent.
   */
  readonly epoch: number;
}

/** Options of {@link publishAssignment}. */
export interface PublishAssignmentOptions extends EtcdCallOptions {
  /** Keyspace prefix, e.g. '/ordermesh/v1/'. */
  prefix: string;
  /** The whole assignment to store, epoch and all. */
  assignment: Assignment;
  /** The mod revision of the assignment key the caller read ('0': it was absent). */
  expectedModRevision: string;
  /** The publisher's leadership fence. */
  leader: LeaderFence;
}

/** What {@link publishAssignment} did. */
export type PublishResult =
  /** Stored; `revision` is the etcd revision of the write. */
  | { readonly published: true; readonly revision: string }
  /** Refused: leadership lost, or the key changed since it was read. Nothing was written. */
  | { readonly published: false };

/**
 * Reads the assignment key and its mod revision.
 * Thrown by: EtcdUnavailableError when etcd does not answer in time; the signal's reason on abort.
 */
export async function readAssignment(client: Etcd3, prefix: string, options: EtcdCallOptions = {}): Promise<StoredAssignment> {
  const request = client
    .get(assignmentKey(prefix))
    .options({ deadline: Date.now() + (options.timeoutMs ?? 2_000) })
    .exec();
  let kv;
  try {
    kv = (await abortable(request, options.signal)).kvs[0];
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new EtcdUnavailableError('assignment read', { cause: error });
  }
  if (kv === undefined) return { modRevision: '0', assignment: undefined, malformed: false, epoch: 0 };
  const raw = kv.value.toString();
  try {
    const assignment = parseAssignment(raw);
    return { modRevision: kv.mod_revision, assignment, malformed: false, epoch: assignment.epoch };
  } catch {
    return { modRevision: kv.mod_revision, assignment: undefined, malformed: true, epoch: looseEpoch(raw) };
  }
}

/**
 * Writes the assignment in ONE etcd transaction guarded by (a) the publisher still leading — its
 * election key still has the create revision it was elected with — and (b) the assignment key's
 * mod revision still being the one the caller read ('0' = still absent). A deposed leader, or a
 * writer that lost a race, changes nothing and gets `{ published: false }`.
 * Thrown by: TerminalError when `assignment` does not match the schema (a bug: retrying cannot
 * fix it); EtcdUnavailableError when etcd does not answer in time (the write may or may not have
 * happened: re-read before retrying); the signal's reason on abort.
 */
export async function publishAssignment(client: Etcd3, options: PublishAssignmentOptions): Promise<PublishResult> {
  const checked = assignmentSchema.safeParse(options.assignment);
  if (!checked.success) throw new TerminalError('refusing to publish an assignment that does not match the schema', { cause: checked.error });
  const key = assignmentKey(options.prefix);
  const txn = client
    .if(key, 'Mod', '==', options.expectedModRevision)
    .and(options.leader.key, 'Create', '==', options.leader.createRevision)
    .then(client.put(key).value(JSON.stringify(checked.data)))
    .options({ deadline: Date.now() + (options.timeoutMs ?? 2_000) });
  try {
    const response = await abortable(txn.commit(), options.signal);
    return response.succeeded ? { published: true, revision: response.header.revision } : { published: false };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new EtcdUnavailableError('assignment publish', { cause: error });
  }
}

function looseEpoch(raw: string): number {
  try {
    const value: unknown = (JSON.parse(raw) as { epoch?: unknown } | null)?.epoch;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}
