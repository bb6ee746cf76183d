import { EtcdLeaseInvalidError, type ComparatorBuilder, type Etcd3, type ILeaseKeepAliveResponse, type ITxnResponse, type Lease } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { abortable, deadlineIn } from '#lib/runtime/index.js';
import { EtcdUnavailableError, SessionClosedError, SessionLostError, type SessionLostReason } from './errors.js';

/** Where a session is in its life. Only ALIVE sessions can write. */
export type EtcdSessionState = 'PENDING' | 'ALIVE' | 'LOST' | 'REVOKED' | 'RELEASED';

/** Options of {@link EtcdSession.grant}. */
export interface EtcdSessionOptions {
  /** Lease TTL in whole seconds (etcd's unit), at least 1; 2 or more leaves room for event-loop stalls. */
  ttlSeconds: number;
  /** Stops waiting for the grant; a lease granted after that is revoked. */
  signal?: AbortSignal;
  /** Deadline of the grant call; default 5 000 ms. */
  grantTimeoutMs?: number;
  log?: Logger;
}

/** Per-call options of session writes. */
export interface SessionCallOptions {
  /** Deadline of the call; default 5 000 ms. */
  timeoutMs?: number;
  /** Stops waiting (the call itself is bounded by its deadline). */
  signal?: AbortSignal;
}

/**
 * A lease plus its keepalive, and a `done` signal that fires when the lease is no longer held
 * (etcd's concurrency.Session). Keys written through the session are attached to the lease, so
 * they disappear when the holder dies, and at once when it revokes.
 *
 * Loss is detected two ways: etcd answers a keepalive or a write with "lease not found"
 * (revoked or expired), or no keepalive has been acknowledged for a whole TTL. The second matters
 * while etcd is unreachable: etcd3 alone would report the loss only after twice the TTL, and by
 * one TTL after the last acknowledged keepalive *request* etcd has expired the lease (unless it
 * restarted meanwhile, which extends leases; treating that as lost costs one re-grant, while
 * believing a dead lease alive would advertise a node that etcd already removed).
 */
export class EtcdSession {
  private stateValue: EtcdSessionState = 'PENDING';
  private id = '';
  private readonly controller = new AbortController();
  /** Send times of keepalives not yet acknowledged, oldest first. */
  private firedAt: number[] = [];
  /** Until when the lease is certainly alive on the server (epoch ms). */
  private validUntilMs: number;
  private watchdog: NodeJS.Timeout | undefined;
  private keepaliveFailing = false;

  private constructor(
    /** The client the lease lives on (etcd's Session.Client()): build transactions for {@link commit} on it. */
    readonly client: Etcd3,
    private readonly lease: Lease,
    readonly ttlSeconds: number,
    grantSentAt: number,
    private readonly log: Logger,
  ) {
    this.validUntilMs = grantSentAt + ttlSeconds * 1_000;
    // Listeners go on before the grant resolves so no keepalive event is missed.
    lease.on('keepaliveEstablished', () => {
      // A new stream: acknowledgements for requests sent on the old one will never come.
      this.firedAt = [];
    });
    lease.on('keepaliveFired', () => this.firedAt.push(Date.now()));
    lease.on('keepaliveSucceeded', (response: ILeaseKeepAliveResponse) => {
      this.keepaliveFailing = false;
      this.acknowledged(response);
    });
    lease.on('keepaliveFailed', (error: unknown) => {
      // etcd3 retries every 100 ms while etcd is down: one line per streak, not ten a second.
      if (this.keepaliveFailing) return;
      this.keepaliveFailing = true;
      this.log.debug({ leaseId: this.id, err: error }, 'lease keepalive failing; retrying');
    });
    lease.on('lost', (error: unknown) => {
      if (this.stateValue !== 'ALIVE') return; // a failed grant is reported by grant() itself
      this.markLost(error instanceof EtcdLeaseInvalidError ? 'revoked-or-expired' : 'keepalive-timeout', error);
    });
  }

  /**
   * Grants a lease with `ttlSeconds` and starts keeping it alive.
   * Thrown by: EtcdUnavailableError when etcd does not grant within `grantTimeoutMs`; the
   * signal's reason when `signal` aborts first; RangeError for a TTL below 1 s or fractional.
   */
  static async grant(client: Etcd3, options: EtcdSessionOptions): Promise<EtcdSession> {
    const { ttlSeconds } = options;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new RangeError(`ttlSeconds must be a whole number >= 1, got ${ttlSeconds}`);
    const timeoutMs = options.grantTimeoutMs ?? 5_000;
    const log = options.log ?? silentLogger();
    const sentAt = Date.now();
    const lease = client.lease(ttlSeconds, { deadline: sentAt + timeoutMs });
    const session = new EtcdSession(client, lease, ttlSeconds, sentAt, log);
    let leaseId: string;
    try {
      leaseId = await abortable(lease.grant(), options.signal);
    } catch (error) {
      // We stop waiting, but etcd may still grant it: revoke() closes the lease first (so etcd3
      // starts no keepalive for it) and revokes it once the grant lands.
      lease.revoke(deadlineIn(timeoutMs)).catch(() => undefined);
      if (options.signal?.aborted) throw options.signal.reason;
      throw new EtcdUnavailableError('lease grant', { cause: error });
    }
    session.id = leaseId;
    session.stateValue = 'ALIVE';
    session.startWatchdog();
    log.debug({ leaseId, ttlSeconds }, 'lease granted');
    return session;
  }

  /** The lease id (decimal string, as etcd3 reports ids). */
  get leaseId(): string {
    return this.id;
  }

  /** Where the session is in its life; see {@link EtcdSessionState}. */
  get state(): EtcdSessionState {
    return this.stateValue;
  }

  /**
   * Aborted when the session ends for any reason; `done.reason` is a SessionLostError when the
   * lease was lost, a SessionClosedError after revoke()/release(). Pass it on to work that must
   * stop with the lease (a leader's loop, a registration's load reports).
   */
  get done(): AbortSignal {
    return this.controller.signal;
  }

  /** Until when the lease is certainly alive on the server, by our clock (epoch ms). */
  get validUntil(): number {
    return this.validUntilMs;
  }

  /** Whether the lease is held: ALIVE and within the time its last acknowledged keepalive bought. */
  get healthy(): boolean {
    return this.stateValue === 'ALIVE' && Date.now() < this.validUntilMs;
  }

  /**
   * Writes `key` = `value` attached to the lease. Resolves with the revision of the write.
   * Thrown by: SessionLostError when etcd no longer knows the lease (the session is then LOST);
   * SessionClosedError after revoke()/release(); EtcdUnavailableError when etcd does not answer
   * in time; the signal's reason on abort.
   */
  put(key: string, value: string, options: SessionCallOptions = {}): Promise<string> {
    return this.putAll([[key, value]], options);
  }

  /**
   * Writes all entries in one transaction, all attached to the lease, so readers never see half
   * of them. Resolves with the revision of the write. Thrown by: as {@link put}; RangeError
   * when `entries` is empty.
   */
  async putAll(entries: ReadonlyArray<readonly [key: string, value: string]>, options: SessionCallOptions = {}): Promise<string> {
    const first = entries[0];
    if (!first) throw new RangeError('putAll needs at least one entry');
    if (this.stateValue !== 'ALIVE') throw this.endReason();
    const puts = entries.map(([key, value]) => this.client.put(key).value(value).lease(this.id));
    // etcd3 has no unconditional transaction; a key's version is never below 0 (0 when absent),
    // so this comparison always holds.
    const response = await this.commitAs('put', this.client.if(first[0], 'Version', '>', -1).then(...puts), options);
    return response.header.revision;
  }

  /**
   * Commits a transaction built on {@link client} whose writes carry this session's lease (an
   * election's create-if-absent, say), with the session's error mapping: a "lease not found"
   * from etcd ends the session at once instead of at the next keepalive. Resolves with etcd's
   * answer, whether or not the comparison held. Thrown by: as {@link put}.
   */
  commit(txn: ComparatorBuilder, options: SessionCallOptions = {}): Promise<ITxnResponse> {
    return this.commitAs('transaction', txn, options);
  }

  private async commitAs(operation: string, txn: ComparatorBuilder, options: SessionCallOptions): Promise<ITxnResponse> {
    if (this.stateValue !== 'ALIVE') throw this.endReason();
    try {
      return await abortable(txn.options(deadlineIn(options.timeoutMs ?? 5_000)).commit(), options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof EtcdLeaseInvalidError) {
        this.markLost('revoked-or-expired', error);
        throw this.endReason();
      }
      throw new EtcdUnavailableError(operation, { cause: error });
    }
  }

  /**
   * Stops the keepalive and revokes the lease, so etcd deletes its keys now instead of after the
   * TTL (graceful stop: immediate failover). Also tried for a LOST session, whose lease may
   * still exist after an etcd restart. Idempotent after success.
   * Thrown by: EtcdUnavailableError when etcd does not confirm within `timeoutMs` (default
   * 5 000 ms); the keys then expire with the TTL.
   */
  async revoke(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.stateValue === 'REVOKED' || this.stateValue === 'RELEASED') return;
    this.end('REVOKED', new SessionClosedError(this.id, 'revoked'));
    try {
      await this.lease.revoke(deadlineIn(options.timeoutMs ?? 5_000));
    } catch (error) {
      throw new EtcdUnavailableError('lease revoke', { cause: error });
    }
    this.log.debug({ leaseId: this.id }, 'lease revoked');
  }

  /**
   * Stops the keepalive without revoking: the keys stay until the TTL runs out. For handing a
   * lease's keys over to a new lease without a gap (put them under the new lease first), and
   * for giving up a lease that is already lost.
   */
  release(): void {
    if (this.stateValue === 'REVOKED' || this.stateValue === 'RELEASED') return;
    this.end('RELEASED', new SessionClosedError(this.id, 'released'));
  }

  private acknowledged(response: ILeaseKeepAliveResponse): void {
    const sentAt = this.firedAt.shift();
    // Without a send time (an ack for a request fired before we listened) the lease is not
    // extended: we only ever under-estimate how long it lives.
    if (sentAt === undefined) return;
    this.validUntilMs = Math.max(this.validUntilMs, sentAt + Number(response.TTL) * 1_000);
  }

  /**
   * Arms a timer for the moment {@link validUntil} passes: the loss is noticed then, not up to a
   * polling interval later, so a holder cut off from etcd stops acting before etcd (which
   * measures the TTL from when it *received* the keepalive) can expire the lease and let anyone
   * else take over what it held. Acknowledged keepalives move the deadline on; a timer that
   * fires before the deadline re-arms for the rest.
   */
  private startWatchdog(): void {
    const check = (): void => {
      if (this.stateValue !== 'ALIVE') return;
      const leftMs = this.validUntilMs - Date.now();
      if (leftMs <= 0) return this.markLost('keepalive-timeout');
      this.watchdog = setTimeout(check, leftMs);
      // The keepalive stream keeps the process alive while the session matters; this must not.
      this.watchdog.unref();
    };
    check();
  }

  private markLost(reason: SessionLostReason, cause?: unknown): void {
    if (this.stateValue !== 'ALIVE') return;
    const error = new SessionLostError(this.id, reason, cause === undefined ? undefined : { cause });
    // release(), not revoke(): after a keepalive timeout the keys may be handed to a new lease,
    // and revoking the old one could delete them in between.
    this.end('LOST', error);
    this.log.warn({ leaseId: this.id, reason, err: cause }, 'lease lost');
  }

  private end(state: EtcdSessionState, reason: Error): void {
    this.stateValue = state;
    clearTimeout(this.watchdog);
    this.lease.release();
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  private endReason(): Error {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof Error ? reason : new SessionClosedError(this.id, 'released');
  }
}
