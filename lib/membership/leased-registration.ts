import type { Etcd3 } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { Backoff, sleep, waitForAbort, type BackoffOptions } from '../runtime/index.js';
import { EtcdSession } from './session.js';

/** Where a registration is. REGISTERED is the only state in which the keys are advertised. */
export type LeasedRegistrationState = 'IDLE' | 'REGISTERING' | 'REGISTERED' | 'RETRYING' | 'STOPPING' | 'STOPPED';

/** Options of {@link LeasedRegistration}. */
export interface LeasedRegistrationOptions {
  /** The process's etcd client (see createEtcdClient); the caller closes it after start() resolves. */
  client: Etcd3;
  /** The keys to advertise and their values, written in one transaction at each registration. */
  entries: () => Array<[key: string, value: string]>;
  /**
   * Runs while registered (e.g. to refresh a load report) and resolves when `stop` aborts: the
   * session was lost or the registration is stopping. Default: waits for `stop`.
   */
  whileRegistered?: (session: EtcdSession, stop: AbortSignal) => Promise<void>;
  /** Lease TTL in seconds: how long a crashed process stays advertised; default 5. */
  ttlSeconds?: number;
  /** Deadline of each etcd call (grant, write, revoke); default 2 000 ms. */
  callTimeoutMs?: number;
  /** Retry pacing while etcd is unreachable; default 100 ms doubling up to 2 000 ms. */
  backoff?: BackoffOptions;
  /** Logs with this logger (its bindings name what is registered). */
  log?: Logger;
  /** Called on every state change, e.g. to flip the health service. Must not throw. */
  onStateChange?: (state: LeasedRegistrationState) => void;
}

/**
 * Keeps some keys advertised in etcd under one lease, so they vanish when the process dies
 * (after the TTL) or stops (at once: the lease is revoked). The shape of every registration in
 * the keyspace: a warehouse node's (NodeRegistration) and a side service's (ServiceRegistration).
 *
 * start() runs until its signal aborts. It never throws for etcd trouble: while etcd is down it
 * retries with backoff, and when the lease is lost (expired, revoked by an operator) it grants a
 * new one and registers again. `healthy` tells whether the keys are advertised right now.
 */
export class LeasedRegistration {
  private readonly ttlSeconds: number;
  private readonly callTimeoutMs: number;
  private readonly log: Logger;
  private stateValue: LeasedRegistrationState = 'IDLE';
  private session: EtcdSession | undefined;
  private started = false;

  constructor(private readonly options: LeasedRegistrationOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 5;
    this.callTimeoutMs = options.callTimeoutMs ?? 2_000;
    this.log = options.log ?? silentLogger();
  }

  /** Where the registration is; see {@link LeasedRegistrationState}. */
  get state(): LeasedRegistrationState {
    return this.stateValue;
  }

  /** Whether the keys are advertised right now: written under a lease that is still held. */
  get healthy(): boolean {
    return this.stateValue === 'REGISTERED' && this.session?.healthy === true;
  }

  /** The lease the keys are written under, while REGISTERED. */
  get leaseId(): string | undefined {
    return this.stateValue === 'REGISTERED' ? this.session?.leaseId : undefined;
  }

  /**
   * Registers, runs `whileRegistered`, and registers again after a lease loss until `signal`
   * aborts; then revokes the lease (removing every key at once) and resolves.
   * Thrown by: Error when called a second time.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('a registration may be started once');
    this.started = true;
    const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 2_000, ...this.options.backoff });
    let failures = 0;
    try {
      while (!signal.aborted) {
        let registeredAt: number | undefined;
        try {
          this.setState('REGISTERING');
          const session = await EtcdSession.grant(this.options.client, {
            ttlSeconds: this.ttlSeconds,
            grantTimeoutMs: this.callTimeoutMs,
            signal,
            log: this.log,
          });
          this.session = session;
          await session.putAll(this.options.entries(), { timeoutMs: this.callTimeoutMs, signal });
          registeredAt = Date.now();
          this.setState('REGISTERED');
          this.log.info({ leaseId: session.leaseId, ttlSeconds: this.ttlSeconds, failedAttempts: failures }, 'registered');
          failures = 0;
          const stop = AbortSignal.any([signal, session.done]);
          await (this.options.whileRegistered?.(session, stop) ?? waitForAbort(stop));
          if (signal.aborted) break;
          this.log.warn({ leaseId: session.leaseId, err: session.done.reason }, 'registration lost; registering again');
        } catch (error) {
          if (signal.aborted) break;
          // Warn once per outage; the retries after that are debug, or a long outage floods the log.
          const level = failures === 0 ? 'warn' : 'debug';
          failures++;
          this.log[level]({ err: error, attempt: failures }, 'registration failed; retrying');
        }
        // Give up the old lease without revoking: if it still exists its keys would flap away
        // before the new registration lands; unattached, it just expires.
        this.session?.release();
        // A registration that held for a TTL was healthy: register again at once. Anything
        // shorter (etcd down, flapping) waits, growing, so a sick etcd is not hammered.
        if (registeredAt !== undefined && Date.now() - registeredAt >= this.ttlSeconds * 1_000) {
          backoff.reset();
        } else {
          const delayMs = backoff.next();
          this.setState('RETRYING');
          this.log.debug({ delayMs }, 'waiting before registering again');
          await sleep(delayMs, signal);
        }
      }
    } finally {
      this.setState('STOPPING');
      await this.revoke();
      this.setState('STOPPED');
    }
  }

  private async revoke(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session || session.state === 'RELEASED' || session.state === 'REVOKED') return;
    try {
      await session.revoke({ timeoutMs: this.callTimeoutMs });
      this.log.info({ leaseId: session.leaseId }, 'lease revoked; deregistered');
    } catch (error) {
      this.log.warn({ leaseId: session.leaseId, err: error }, 'lease revoke failed; registration expires with its TTL');
    }
  }

  private setState(state: LeasedRegistrationState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    try {
      this.options.onStateChange?.(state);
    } catch (error) {
      this.log.error({ err: error, state }, 'onStateChange threw');
    }
  }
}
