import type { Etcd3 } from 'etcd3';

import { EtcdUnavailableError, type EtcdSession } from '../membership/index.js';
import { abortable, anySignal, deadlineIn } from '../runtime/index.js';
import { waitDelete, waitDeletes } from './wait-delete.js';

/** Deadline and cancellation of one election call. */
export interface ElectionCallOptions {
  /** Deadline of each etcd call it makes; default 5 000 ms. */
  timeoutMs?: number;
  /** Stops waiting; a campaign also stops when the session ends. */
  signal?: AbortSignal;
}

/** What {@link Election.campaign} won: the candidate key, and the fence for leader-only writes. */
export interface ElectedKey {
  /** The candidate key, `{prefix}/{lease id in hex}`. */
  readonly key: string;
  /** The key's create revision (decimal string); it changes if the key is ever re-created. */
  readonly createRevision: string;
  /** The revision at which the key was confirmed to lead: watch it from the next one. */
  readonly revision: string;
}

/**
 * etcd's concurrency.Election, on an {@link EtcdSession}: every candidate puts
 * `{prefix}/{lease id in hex}` under its session's lease, and the key with the lowest create
 * revision leads. So the session's end (lease revoked or expired, session closed) ends the
 * candidacy: etcd deletes the key, and the next candidate in create order takes over.
 *
 * etcd3's own Election is not used: its Campaign grants a lease of its own (it cannot run on a
 * session we already hold), waits on the header revision rather than the key's create revision
 * when it re-finds an existing key, and keeps waiting when its own key is deleted under it.
 */
export class Election {
  readonly #session: EtcdSession;
  readonly #prefix: string;
  /** Create revision of the key the last campaign made or found, for a fenced resign. */
  #createRevision: string | undefined;

  /** `prefix` is the election's name, e.g. `/ordermesh/v1/election/assignment-controller`; keys live under `{prefix}/`. */
  constructor(session: EtcdSession, prefix: string) {
    this.#session = session;
    this.#prefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
  }

  /** The prefix every candidate's key lives under, ending in '/'. */
  get keyPrefix(): string {
    return this.#prefix;
  }

  /** This candidate's key: the prefix and the session's lease id in hex, as etcd's Go client names it. */
  get key(): string {
    return `${this.#prefix}${BigInt(this.#session.leaseId).toString(16)}`;
  }

  /**
   * Puts `value` as a candidate and resolves once it leads: one transaction creates the key
   * under the session's lease if its create revision is 0, or finds the existing one (a retry
   * after a lost answer keeps its place); then it waits until no key under the prefix has a
   * smaller create revision, watching for the delete of its predecessor. If its own key is
   * deleted while it waits, it creates it again (at the back of the queue). The key's
   * existence is confirmed before it resolves.
   * Thrown by: the session's end reason (SessionLostError, SessionClosedError) when the session
   * ends first; EtcdUnavailableError when etcd does not answer in time; the signal's reason on
   * abort. The key stays on failure: resign() or the session's end removes it.
   */
  async campaign(value: string, options: ElectionCallOptions = {}): Promise<ElectedKey> {
    const session = this.#session;
    const client = session.client;
    const key = this.key;
    const timeoutMs = options.timeoutMs ?? 5_000;
    const stop = anySignal(options.signal, session.done);
    for (;;) {
      if (stop.aborted) throw stop.reason;
      const created = await session.commit(
        client
          .if(key, 'Create', '==', 0)
          .then(client.put(key).value(value).lease(session.leaseId))
          .else(client.get(key)),
        { timeoutMs, signal: stop },
      );
      let createRevision = created.header.revision;
      if (!created.succeeded) {
        const existing = created.responses[0]?.response_range.kvs[0];
        if (existing === undefined) continue; // deleted between compare and read: cannot happen in one txn
        createRevision = existing.create_revision;
        if (existing.value.toString() !== value) {
          // Proclaim: the key is ours (our lease), its value is not; fenced so a key deleted
          // meanwhile is not brought back without a new create revision.
          const proclaimed = await session.commit(
            client.if(key, 'Create', '==', createRevision).then(client.put(key).value(value).lease(session.leaseId)),
            { timeoutMs, signal: stop },
          );
          if (!proclaimed.succeeded) continue;
        }
      }
      this.#createRevision = createRevision;
      const elected = await this.#waitToLead(client, key, createRevision, created.header.revision, stop, timeoutMs);
      if (elected !== undefined) return elected;
      // Our key was deleted while we waited (by hand: the lease is still alive): start over.
    }
  }

  /**
   * Deletes this candidate's key if it is still the one the last campaign made (fenced by its
   * create revision), so the next candidate leads at once. Resolves without a call when this
   * election never campaigned. Thrown by: EtcdUnavailableError when etcd does not answer in
   * time; the signal's reason on abort.
   */
  async resign(options: ElectionCallOptions = {}): Promise<void> {
    const createRevision = this.#createRevision;
    if (createRevision === undefined) return;
    const client = this.#session.client;
    const txn = client
      .if(this.key, 'Create', '==', createRevision)
      .then(client.delete().key(this.key))
      .options(deadlineIn(options.timeoutMs ?? 5_000));
    try {
      await abortable(txn.commit(), options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new EtcdUnavailableError('election resign', { cause: error });
    }
    this.#createRevision = undefined;
  }

  /**
   * Waits for the predecessors' deletes while watching our own key; resolves with the win, or
   * undefined when our own key vanished first.
   */
  async #waitToLead(client: Etcd3, key: string, createRevision: string, seenAtRevision: string, stop: AbortSignal, timeoutMs: number): Promise<ElectedKey | undefined> {
    const settled = new AbortController();
    const gone = new AbortController();
    const ownKey = waitDelete(client, key, (BigInt(seenAtRevision) + 1n).toString(), anySignal(stop, settled.signal)).then(
      () => gone.abort(),
      // A broken watch of our own key is covered by the confirming read below.
      () => undefined,
    );
    const waiting = anySignal(stop, gone.signal);
    try {
      await waitDeletes(client, this.#prefix, (BigInt(createRevision) - 1n).toString(), waiting, timeoutMs);
      const request = client.get(key).options(deadlineIn(timeoutMs)).exec();
      const confirmed = await abortable(request, waiting);
      const kv = confirmed.kvs[0];
      return kv !== undefined && kv.create_revision === createRevision ? { key, createRevision, revision: confirmed.header.revision } : undefined;
    } catch (error) {
      if (stop.aborted) throw stop.reason;
      if (gone.signal.aborted) return undefined;
      throw error instanceof EtcdUnavailableError ? error : new EtcdUnavailableError('election read', { cause: error });
    } finally {
      settled.abort();
      await ownKey;
    }
  }
}

/**
 * Reads who leads an election: the value of the key under `keyPrefix` with the lowest create
 * revision (etcd's Election.Leader), or undefined when nobody campaigns. A leader that died
 * keeps it until its lease expires. Needs no session, so any process can ask.
 * Thrown by: EtcdUnavailableError when etcd does not answer within `timeoutMs`; the signal's
 * reason on abort.
 */
export async function readLeader(client: Etcd3, keyPrefix: string, options: ElectionCallOptions = {}): Promise<string | undefined> {
  const request = client
    .getAll()
    .prefix(keyPrefix)
    .sort('Create', 'Ascend')
    .limit(1)
    .options(deadlineIn(options.timeoutMs ?? 5_000))
    .exec();
  try {
    const response = await abortable(request, options.signal);
    return response.kvs[0]?.value.toString();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new EtcdUnavailableError('leader read', { cause: error });
  }
}
