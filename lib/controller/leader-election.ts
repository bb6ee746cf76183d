import { Election, type Campaign, type Etcd3, type IKeyValue } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { abortable, Backoff, type BackoffOptions } from '#lib/runtime/index.js';
import { anySignal, sleep } from '../runtime/index.js';

/** Why a term of leadership ended; see {@link LeadershipLostError}. */
export type LeadershipLossReason =
  /** start()'s signal aborted: a deliberate stop; the campaign is resigned. */
  | 'stopped'
  /** etcd3 reported the campaign failed, e.g. its lease was revoked or expired. */
  | 'campaign-failed'
  /** The election key was deleted or replaced (another key now has the name). */
  | 'key-gone'
  /** No check confirmed the election key for a whole TTL: etcd is unreachable and has (or soon will have) expired the lease. */
  | 'unconfirmed'
  /** lead() returned or threw while leadership was still held. */
  | 'lead-returned';

/**
 * The reason of a term's signal ({@link LeadershipTerm.signal}) when the term ends: the holder
 * is no longer (or no longer certainly) the leader and must stop acting.
 */
export class LeadershipLostError extends Error {
  override readonly name = 'LeadershipLostError';

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
  /** The full etcd key of this replica's candidacy, `{namespace}election/{name}/{leaseId}`. */
  readonly key: string;
  /** The key's create revision (decimal string): it changes if the key is ever re-created. */
  readonly createRevision: string;
  /** The lease the key is attached to (decimal string). */
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
  /**
   * The process's etcd client; the caller closes it after start() resolves. Give it default
   * call deadlines (lib/membership's createEtcdClient does): etcd3's campaign makes calls
   * (lease grant, resign) that take no per-call options.
   */
  client: Etcd3;
  /** Key prefix the election lives under (etcd3 writes `{namespace}election/{name}/{leaseId}`); default ''. */
  namespace?: string;
  /** The election's name, e.g. 'assignment-controller'. */
  name: string;
  /** This replica's value in the election (shown as the leader), e.g. its replica id. */
  identity: string;
  /**
   * TTL of the campaign lease, in whole seconds; default 2. A leader that dies without resigning
   * is replaced once it has expired: within the TTL of its last keepalive, plus etcd's
   * expiry sweep (up to 0.5 s). etcd rounds a TTL below its minimum up (default etcd: 2 s).
   */
  ttlSeconds?: number;
  /**
   * Runs while this replica leads. `leaderSignal` aborts the moment leadership is lost or
   * start()'s signal aborts; lead() must then stop acting and return. Returning (or throwing)
   * while still leader resigns, and the replica campaigns again.
   */
  lead: (leaderSignal: AbortSignal, term: LeadershipTerm) => Promise<void>;
  /** How often the leader confirms its key still exists; default TTL / 4. */
  checkIntervalMs?: number;
  /** Deadline of each etcd call made here (checks, leader reads, resign); default min(1 000, TTL / 2) ms. */
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
 * Leader election over etcd3's Election (etcd's concurrency.Election: every candidate puts a
 * key under its own lease; the key with the lowest create revision leads).
 *
 * start() campaigns; once elected it runs `lead(leaderSignal, term)`. Leadership ends — and
 * leaderSignal aborts at once — when etcd3 reports the campaign failed (its lease was lost), when
 * the campaign key is deleted (a watch on it, backed by a check every TTL / 4; etcd deletes it
 * when the lease expires or is revoked), when no check has confirmed the key for a whole TTL
 * (etcd unreachable: etcd3 alone would notice only after twice the TTL), or on stop. After a loss it
 * campaigns again; on stop it resigns (revokes the lease) so another replica takes over at once
 * instead of after the TTL.
 *
 * Being told "you lead" is never proof by itself: a leader may be deposed between a check and
 * its next write. Writes that only the leader may make carry the term as a compare (see
 * {@link LeadershipTerm}), so a deposed leader's writes fail in etcd.
 */
export class LeaderElection {
  readonly #client: Etcd3;
  readonly #namespace: string;
  readonly #name: string;
  readonly #identity: string;
  readonly #ttlSeconds: number;
  readonly #checkIntervalMs: number;
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
    this.#namespace = options.namespace ?? '';
    this.#name = options.name;
    this.#identity = options.identity;
    this.#ttlSeconds = ttlSeconds;
    this.#checkIntervalMs = options.checkIntervalMs ?? (ttlSeconds * 1_000) / 4;
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
    return `${this.#namespace}${Election.prefix}/${this.#name}/`;
  }

  /**
   * Reads who leads now: the value of the candidate key with the lowest create revision, or
   * undefined when nobody campaigns. A leader that died keeps this until its lease expires.
   * Thrown by: the etcd3 error when etcd does not answer in time; the signal's reason on abort.
   */
  async leader(options: LeaderReadOptions = {}): Promise<string | undefined> {
    const request = this.#client
      .getAll()
      .prefix(this.keyPrefix)
      .sort('Create', 'Ascend')
      .limit(1)
      .options({ deadline: Date.now() + (options.timeoutMs ?? this.#callTimeoutMs) })
      .exec();
    const response = await abortable(request, options.signal);
    return response.kvs[0]?.value.toString();
  }

  /**
   * Campaigns, leads while elected, campaigns again after a loss, until `signal` aborts; then
   * ends the term (leaderSignal aborts), waits for lead() to return, resigns and resolves.
   * Never throws for etcd trouble (it retries with backoff). Thrown by: Error when called twice.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new Error('LeaderElection.start() may be called once');
    this.#started = true;
    const election = (this.#namespace === '' ? this.#client : this.#client.namespace(this.#namespace)).election(this.#name, this.#ttlSeconds);
    const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 2_000, ...this.#options.backoff });
    try {
      while (!signal.aborted) {
        const ledForMs = await this.#campaignOnce(election, signal);
        if (signal.aborted) break;
        // A term that lasted a while starts the next campaign at once; a failed campaign, or a
        // term that ended straight away (lead() failing, etcd flapping), waits longer each time.
        if (ledForMs !== undefined && ledForMs >= this.#ttlSeconds * 1_000) backoff.reset();
        const delayMs = ledForMs !== undefined && ledForMs >= this.#ttlSeconds * 1_000 ? 0 : backoff.next();
        if (delayMs > 0) {
          this.#setState('RETRYING');
          await sleep(delayMs, signal);
        }
      }
    } finally {
      this.#setState('STOPPED');
    }
  }

  /**
   * One campaign: waits to be elected, leads, and always resigns at the end. Resolves with how
   * long it led (undefined when it never did). Never rejects.
   */
  async #campaignOnce(election: Election, signal: AbortSignal): Promise<number | undefined> {
    this.#setState('CAMPAIGNING');
    const campaign = election.campaign(this.#identity);
    const elected = new Promise<void>((resolve) => campaign.on('elected', () => resolve()));
    // Aborted when etcd3 reports the campaign failed or the candidate key vanished.
    const failed = new AbortController();
    // Stays attached for the campaign's whole life: an 'error' without a listener would throw.
    campaign.on('error', (error: Error) => {
      if (!failed.signal.aborted) failed.abort(new LeadershipLostError(this.#name, 'campaign-failed', { cause: error }));
    });
    try {
      const key = await abortable(campaign.getCampaignKey(), anySignal(signal, failed.signal));
      this.#log.debug({ key }, 'campaigning');
      if (!(await this.#waitElected(elected, key, signal, failed))) {
        if (!signal.aborted) this.#log.warn({ err: failed.signal.reason }, 'campaign failed; campaigning again');
        return undefined;
      }
      // etcd3 emits 'elected' even when its own key vanished meanwhile (the lease lapsed while
      // it waited): only a key that still exists makes this replica the leader.
      const confirmedAt = Date.now();
      const read = await this.#readKeyAt(key, anySignal(signal, failed.signal));
      if (read.kv === undefined || failed.signal.aborted) {
        this.#log.warn({ key }, 'elected without a candidate key; campaigning again');
        return undefined;
      }
      const startedAt = Date.now();
      await this.#lead(key, read.kv.create_revision, read.revision, confirmedAt, signal, failed.signal);
      return Date.now() - startedAt;
    } catch (error) {
      if (!signal.aborted) this.#log.warn({ err: error }, 'campaign failed; campaigning again');
      return undefined;
    } finally {
      await this.#resign(campaign);
    }
  }

  /**
   * Waits for 'elected'. Meanwhile checks that the candidate key, once seen, still exists (etcd3
   * keeps waiting on a key that was deleted behind its back). Resolves false on failure or stop.
   */
  async #waitElected(electedEvent: Promise<void>, key: string, signal: AbortSignal, failed: AbortController): Promise<boolean> {
    const settled = new AbortController();
    const stop = anySignal(signal, failed.signal, settled.signal);
    const elected = new Promise<boolean>((resolve) => {
      void electedEvent.then(() => resolve(true));
      if (stop.aborted) resolve(false);
      stop.addEventListener('abort', () => resolve(false), { once: true });
    });
    const watch = (async () => {
      let seen = false;
      while (!stop.aborted) {
        await sleep(this.#checkIntervalMs, stop);
        if (stop.aborted) return;
        try {
          const exists = (await this.#readKey(key, stop)) !== undefined;
          if (exists) seen = true;
          else if (seen && !failed.signal.aborted) failed.abort(new LeadershipLostError(this.#name, 'key-gone'));
        } catch (error) {
          if (!stop.aborted) this.#log.debug({ err: error }, 'candidate check failed');
        }
      }
    })();
    const result = await elected;
    settled.abort();
    await watch;
    return result && !signal.aborted && !failed.signal.aborted;
  }

  /** Leads one term; resolves when lead() has returned (or the stop timeout passed). */
  async #lead(key: string, createRevision: string, readRevision: string, confirmedAt: number, signal: AbortSignal, failed: AbortSignal): Promise<void> {
    const leader = new AbortController();
    const end = (error: unknown): void => {
      if (!leader.signal.aborted) leader.abort(error);
    };
    const onStop = (): void => end(new LeadershipLostError(this.#name, 'stopped'));
    const onFailed = (): void => end(failed.reason);
    signal.addEventListener('abort', onStop, { once: true });
    failed.addEventListener('abort', onFailed, { once: true });
    if (signal.aborted) onStop();
    if (failed.aborted) onFailed();

    const term: LeadershipTerm = {
      key,
      createRevision,
      leaseId: key.slice(key.lastIndexOf('/') + 1),
      identity: this.#identity,
      signal: leader.signal,
      electedAt: Date.now(),
    };
    const ttlMs = this.#ttlSeconds * 1_000;
    let lastConfirmedAt = confirmedAt;
    // The checker proves the key exists; the watchdog ends the term when no proof is fresh
    // enough, independently of how long a hanging check takes.
    const checker = (async () => {
      while (!leader.signal.aborted) {
        await sleep(this.#checkIntervalMs, leader.signal);
        if (leader.signal.aborted) return;
        const sentAt = Date.now();
        try {
          const kv = await this.#readKey(key, leader.signal);
          if (kv === undefined || kv.create_revision !== createRevision) end(new LeadershipLostError(this.#name, 'key-gone'));
          else lastConfirmedAt = Math.max(lastConfirmedAt, sentAt);
        } catch (error) {
          if (!leader.signal.aborted) this.#log.debug({ err: error }, 'leadership check failed');
        }
      }
    })();
    // The key's deletion (lease expired or revoked, key deleted) ends the term the moment etcd
    // reports it; watching from just after the confirming read misses nothing in between. If
    // the watch breaks, the periodic check still covers.
    const keyWatch = this.#client
      .watch()
      .key(key)
      .startRevision((BigInt(readRevision) + 1n).toString())
      .watcher();
    keyWatch.on('delete', () => end(new LeadershipLostError(this.#name, 'key-gone')));
    keyWatch.on('error', (error: unknown) => this.#log.debug({ err: error }, 'election key watch failed'));
    const watchdog = setInterval(
      () => {
        if (Date.now() - lastConfirmedAt >= ttlMs) end(new LeadershipLostError(this.#name, 'unconfirmed'));
      },
      Math.min(250, this.#checkIntervalMs),
    );
    watchdog.unref();

    this.#term = term;
    this.#setState('LEADING');
    this.#log.info({ key, createRevision }, 'leadership acquired');
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
      end(new LeadershipLostError(this.#name, 'lead-returned'));
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
      clearInterval(watchdog);
      // Not awaited: it waits for an answer a broken stream may never give.
      keyWatch.cancel().catch(() => undefined);
      signal.removeEventListener('abort', onStop);
      failed.removeEventListener('abort', onFailed);
      await checker;
      this.#term = undefined;
    }
  }

  /** Revokes the campaign's lease (deleting its key), bounded by callTimeoutMs; never rejects. */
  async #resign(campaign: Campaign): Promise<void> {
    try {
      await abortable(campaign.resign(), AbortSignal.timeout(this.#callTimeoutMs));
      this.#log.debug('campaign resigned');
    } catch (error) {
      // The key then expires with the lease TTL.
      this.#log.debug({ err: error }, 'resign failed; the lease will expire');
    }
  }

  async #readKey(key: string, signal: AbortSignal): Promise<IKeyValue | undefined> {
    return (await this.#readKeyAt(key, signal)).kv;
  }

  /** Reads `key`, with the revision the read saw. */
  async #readKeyAt(key: string, signal: AbortSignal): Promise<{ kv: IKeyValue | undefined; revision: string }> {
    const request = this.#client.get(key).options({ deadline: Date.now() + this.#callTimeoutMs }).exec();
    const response = await abortable(request, signal);
    return { kv: response.kvs[0], revision: response.header.revision };
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
