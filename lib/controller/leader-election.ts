import type { Etcd3 } from 'etcd3';

import { OrdermeshError } from '../errors/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import { EtcdSession } from '../membership/index.js';
import { Backoff, sleep, type BackoffOptions } from '../runtime/index.js';
import { Election, readLeader, type ElectedKey } from './election.js';
import { waitDelete } from './wait-delete.js';

/** Why a term of leadership ended; see {@link LeadershipLostError}. */
export type LeadershipLossReason =
  /** start()'s signal aborted: a deliberate stop; the session is revoked, which deletes the key. */
  | 'stopped'
  /**
   * The session ended: etcd said its lease is gone (revoked or expired), or no keepalive was
   * acknowledged for a whole TTL (etcd unreachable: by then etcd has, or soon will have,
   * expired the lease). `cause` is the session's SessionLostError.
   */
  | 'session-lost'
  /** The election key was deleted while the lease lived (by hand). */
  | 'key-gone'
  /** etcd cancelled the watch on the election key (e.g. compaction), so a delete could go unseen. */
  | 'watch-failed'
  /** lead() returned or threw while leadership was still held. */
  | 'lead-returned';

/**
 * The reason of a term's signal ({@link LeadershipTerm.signal}) when the term ends: the holder
 * is no longer (or no longer certainly) the leader and must stop acting.
 */
export class LeadershipLostError extends OrdermeshError {
  constructor(
    /** The election's name. */
    readonly election: string,
    readonly reason: LeadershipLossReason,
    options?: { cause?: unknown },
  ) {
    super(`leadership of ${election} ended (${reason})`, options);
  }
}

/**
 * One uninterrupted period of leadership. Its `key` and `createRevision` are the fence for
 * writes only the leader may make: add `.if(term.key, 'Create', '==', term.createRevision)` to
 * the transaction and it fails once this term is over, whatever this process believes.
 */
export interface LeadershipTerm {
  /** The full etcd key of this replica's candidacy, `{namespace}election/{name}/{lease id in hex}`. */
  readonly key: string;
  /** The key's create revision (decimal string): it changes if the key is ever re-created. */
  readonly createRevision: string;
  /** The session's lease the key is attached to (decimal string, as etcd3 reports ids). */
  readonly leaseId: string;
  /** The value this replica campaigned with. */
  readonly identity: string;
  /** Aborted (reason: {@link LeadershipLostError}) the moment the term ends. */
  readonly signal: AbortSignal;
  /** When leadership was confirmed (epoch ms). */
  readonly electedAt: number;
}

/** Where an election is. */
export type LeaderElectionState = 'IDLE' | 'CAMPAIGNING' | 'LEADING' | 'RETRYING' | 'STOPPED';

/** Options of {@link LeaderElection}. */
export interface LeaderElectionOptions {
  /** The process's etcd client; the caller closes it after start() resolves. */
  client: Etcd3;
  /** Key prefix the election lives under (keys are `{namespace}election/{name}/{lease id in hex}`); default ''. */
  namespace?: string;
  /** The election's name, e.g. 'assignment-controller'. */
  name: string;
  /** This replica's value in the election (shown as the leader), e.g. its replica id. */
  identity: string;
  /**
   * TTL of the session's lease, in whole seconds; default 2. A leader that dies without
   * resigning is replaced once it has expired: within the TTL of its last keepalive, plus etcd's
   * expiry sweep (up to 0.5 s). etcd rounds a TTL below its minimum up (default etcd: 2 s).
   */
  ttlSeconds?: number;
  /**
   * Runs while this replica leads. `leaderSignal` aborts the moment leadership is lost or
   * start()'s signal aborts; lead() must then stop acting and return. Returning (or throwing)
   * while still leader resigns, and the replica campaigns again.
   */
  lead: (leaderSignal: AbortSignal, term: LeadershipTerm) => Promise<void>;
  /** Deadline of each etcd call made here (grant, campaign reads, leader reads, resign, revoke); default min(1 000, TTL / 2) ms. */
  callTimeoutMs?: number;
  /** How long to wait for lead() to return after its signal aborted before resigning anyway; default 5 000 ms. */
  stopTimeoutMs?: number;
  /** Pacing of new campaigns after a failure; default 100 ms doubling up to 2 000 ms. */
  backoff?: BackoffOptions;
  log?: Logger;
  /** Called on every state change (for health and metrics). Must not throw. */
  onStateChange?: (state: LeaderElectionState) => void;
}

/** Options of a single etcd read. */
export interface LeaderReadOptions {
  /** Deadline of the read; default the election's callTimeoutMs. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Leader election as etcd's Go client builds it (concurrency.NewElection(session, prefix)): an
 * {@link Election} on an {@link EtcdSession}. The session is the lease, its keepalive and the
 * detection of its loss; the election is one key under that lease, and the key with the lowest
 * create revision leads.
 *
 * start() grants a session and campaigns; once elected it runs `lead(leaderSignal, term)`.
 * Leadership ends, and leaderSignal aborts at once, when the session ends (lease revoked or
 * expired, or no keepalive acknowledged for a whole TTL while etcd is unreachable), when the
 * election key is deleted (a watch on it), or on stop. After a loss it resigns if the session
 * still lives (deleting its key, so it queues again behind the others) and campaigns again, on
 * a new session when the old one ended. On stop it revokes the session, which deletes the key,
 * so another replica takes over at once instead of after the TTL.
 *
 * Being told "you lead" is never proof by itself: a leader may be deposed between a check and
 * its next write. Writes that only the leader may make carry the term as a compare (see
 * {@link LeadershipTerm}), so a deposed leader's writes fail in etcd.
 */
export class LeaderElection {
  readonly #client: Etcd3;
  readonly #name: string;
  readonly #identity: string;
  readonly #keyPrefix: string;
  readonly #ttlSeconds: number;
  readonly #callTimeoutMs: number;
  readonly #stopTimeoutMs: number;
  readonly #options: LeaderElectionOptions;
  readonly #log: Logger;
  #state: LeaderElectionState = 'IDLE';
  #term: LeadershipTerm | undefined;
  #started = false;

  /** Thrown by: RangeError when `ttlSeconds` is not a whole number ≥ 1, or `name`/`identity` is empty. */
  constructor(options: LeaderElectionOptions) {
    const ttlSeconds = options.ttlSeconds ?? 2;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new RangeError(`ttlSeconds must be a whole number >= 1, got ${ttlSeconds}`);
    if (options.name === '' || options.name.includes('/')) throw new RangeError('election name must be non-empty and contain no "/"');
    if (options.identity === '') throw new RangeError('election identity must be non-empty');
    this.#options = options;
    this.#client = options.client;
    this.#name = options.name;
    this.#identity = options.identity;
    this.#keyPrefix = `${options.namespace ?? ''}election/${options.name}/`;
    this.#ttlSeconds = ttlSeconds;
    this.#callTimeoutMs = options.callTimeoutMs ?? Math.min(1_000, (ttlSeconds * 1_000) / 2);
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.#log = (options.log ?? silentLogger()).child({ component: 'leader-election', election: options.name, identity: options.identity });
  }

  /** Where the election is; see {@link LeaderElectionState}. */
  get state(): LeaderElectionState {
    return this.#state;
  }

  /** Whether this replica leads right now (by its own latest knowledge; fence writes with {@link term}). */
  get isLeader(): boolean {
    return this.#term !== undefined && !this.#term.signal.aborted;
  }

  /** The current term while leading, else undefined. */
  get term(): LeadershipTerm | undefined {
    return this.isLeader ? this.#term : undefined;
  }

  /** This replica's value in the election. */
  get identity(): string {
    return this.#identity;
  }

  /** The prefix under which every candidate's key lives, `{namespace}election/{name}/`. */
  get keyPrefix(): string {
    return this.#keyPrefix;
  }

  /**
   * Reads who leads now: the value of the candidate key with the lowest create revision, or
   * undefined when nobody campaigns. A leader that died keeps this until its lease expires.
   * Thrown by: EtcdUnavailableError when etcd does not answer in time; the signal's reason on abort.
   */
  leader(options: LeaderReadOptions = {}): Promise<string | undefined> {
    return readLeader(this.#client, this.#keyPrefix, { timeoutMs: options.timeoutMs ?? this.#callTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  }

  /**
   * Campaigns, leads while elected, campaigns again after a loss, until `signal` aborts; then
   * ends the term (leaderSignal aborts), waits for lead() to return, revokes the session and
   * resolves. Never throws for etcd trouble (it retries with backoff). Thrown by: Error when
   * called twice.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new Error('LeaderElection.start() may be called once');
    this.#started = true;
    const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 2_000, ...this.#options.backoff });
    let session: EtcdSession | undefined;
    try {
      while (!signal.aborted) {
        let ledForMs: number | undefined;
        try {
          if (session?.done.aborted) {
            // A lost lease may live again after an etcd restart (etcd extends leases then), and
            // its key would stand in front of our new one until it expired: revoke it.
            await this.#revoke(session);
            session = undefined;
          }
          this.#setState('CAMPAIGNING');
          session ??= await EtcdSession.grant(this.#client, { ttlSeconds: this.#ttlSeconds, signal, grantTimeoutMs: this.#callTimeoutMs, log: this.#log });
          ledForMs = await this.#campaignOnce(session, signal);
        } catch (error) {
          if (!signal.aborted) this.#log.warn({ err: error }, 'campaign failed; campaigning again');
        }
        if (signal.aborted) break;
        // A term that lasted a while starts the next campaign at once; a failed campaign, or a
        // term that ended straight away (lead() failing, etcd flapping), waits longer each time.
        const steady = ledForMs !== undefined && ledForMs >= this.#ttlSeconds * 1_000;
        if (steady) backoff.reset();
        const delayMs = steady ? 0 : backoff.next();
        if (delayMs > 0) {
          this.#setState('RETRYING');
          await sleep(delayMs, signal);
        }
      }
    } finally {
      if (session) await this.#revoke(session);
      this.#setState('STOPPED');
    }
  }

  /**
   * One campaign on `session`: waits to be elected, leads, and resigns at the end unless the
   * session ended or the election stops (start() then revokes the session). Resolves with how
   * long it led. Thrown by: Election.campaign's errors (the key then stays, and the next campaign
   * on the same session finds it and keeps its place).
   */
  async #campaignOnce(session: EtcdSession, signal: AbortSignal): Promise<number> {
    const election = new Election(session, this.#keyPrefix);
    this.#log.debug({ key: election.key }, 'campaigning');
    const won = await election.campaign(this.#identity, { signal, timeoutMs: this.#callTimeoutMs });
    const startedAt = Date.now();
    await this.#lead(session, won, signal);
    if (!signal.aborted && !session.done.aborted) {
      try {
        await election.resign({ timeoutMs: this.#callTimeoutMs });
      } catch (error) {
        // The key stays; the next campaign on this session finds it and waits its turn again.
        this.#log.debug({ err: error }, 'resign failed');
      }
    }
    return Date.now() - startedAt;
  }

  /** Leads one term; resolves when lead() has returned (or the stop timeout passed). */
  async #lead(session: EtcdSession, won: ElectedKey, signal: AbortSignal): Promise<void> {
    const leader = new AbortController();
    const end = (reason: LeadershipLossReason, cause?: unknown): void => {
      if (!leader.signal.aborted) leader.abort(new LeadershipLostError(this.#name, reason, cause === undefined ? undefined : { cause }));
    };
    const onStop = (): void => end('stopped');
    const onSessionEnd = (): void => end('session-lost', session.done.reason);
    signal.addEventListener('abort', onStop, { once: true });
    session.done.addEventListener('abort', onSessionEnd, { once: true });
    if (signal.aborted) onStop();
    if (session.done.aborted) onSessionEnd();
    // The key's deletion while the lease lives (by hand) ends the term the moment etcd reports
    // it; watching from just after the confirming read misses nothing in between. The lease's
    // own end is the session's to report, and it deletes the key too.
    const keyWatch = waitDelete(this.#client, won.key, (BigInt(won.revision) + 1n).toString(), leader.signal).then(
      () => end('key-gone'),
      (error: unknown) => {
        if (!leader.signal.aborted) end('watch-failed', error);
      },
    );

    const term: LeadershipTerm = {
      key: won.key,
      createRevision: won.createRevision,
      leaseId: session.leaseId,
      identity: this.#identity,
      signal: leader.signal,
      electedAt: Date.now(),
    };
    this.#term = term;
    this.#setState('LEADING');
    this.#log.info({ key: won.key, createRevision: won.createRevision }, 'leadership acquired');
    const leading = (async () => {
      try {
        await this.#options.lead(leader.signal, term);
      } catch (error) {
        if (!leader.signal.aborted) this.#log.error({ err: error }, 'lead failed while leader');
        else this.#log.debug({ err: error }, 'lead ended with an error after leadership ended');
      }
    })();
    try {
      await Promise.race([leading, new Promise<void>((resolve) => leader.signal.addEventListener('abort', () => resolve(), { once: true }))]);
      end('lead-returned');
      const reason: unknown = leader.signal.reason;
      const how = reason instanceof LeadershipLostError ? reason.reason : 'lead-returned';
      if (how === 'stopped') this.#log.info('leadership ending: stopping');
      else this.#log.warn({ reason: how, err: reason instanceof Error ? reason.cause : undefined }, 'leadership lost');
      // Stop acting before letting go: resigning while lead() still acts would hand over to a
      // successor while this replica still writes (its writes would fail their fence, but
      // still). A lead() that ignores its signal is abandoned after stopTimeoutMs.
      const stopped = await Promise.race([leading.then(() => true), sleep(this.#stopTimeoutMs).then(() => false)]);
      if (!stopped) this.#log.error({ stopTimeoutMs: this.#stopTimeoutMs }, 'lead did not stop in time; resigning anyway');
    } finally {
      end('lead-returned');
      signal.removeEventListener('abort', onStop);
      session.done.removeEventListener('abort', onSessionEnd);
      await keyWatch;
      this.#term = undefined;
    }
  }

  /** Revokes `session` (deleting its key), bounded by callTimeoutMs; never rejects. */
  async #revoke(session: EtcdSession): Promise<void> {
    try {
      await session.revoke({ timeoutMs: this.#callTimeoutMs });
      this.#log.debug({ leaseId: session.leaseId }, 'session revoked');
    } catch (error) {
      // The key then expires with the lease's TTL.
      this.#log.debug({ err: error }, 'revoke failed; the lease will expire');
    }
  }

  #setState(state: LeaderElectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    try {
      this.#options.onStateChange?.(state);
    } catch (error) {
      this.#log.error({ err: error }, 'onStateChange threw');
    }
  }
}
