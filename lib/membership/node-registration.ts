import type { Etcd3 } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { Backoff, sleep, type BackoffOptions } from '#lib/runtime/index.js';
import { InvalidValueError } from './errors.js';
import { DEFAULT_ETCD_PREFIX, loadKey, nodeKey } from './keys.js';
import { EtcdSession } from './session.js';
import { nodeLoadSchema, registeredNodeSchema, type NodeLoadSample, type RegisteredNode } from './types.js';

/** Where a registration is. REGISTERED is the only state in which the node is advertised. */
export type NodeRegistrationState = 'IDLE' | 'REGISTERING' | 'REGISTERED' | 'RETRYING' | 'STOPPING' | 'STOPPED';

/** Options of {@link NodeRegistration}. */
export interface NodeRegistrationOptions {
  /** The process's etcd client (see createEtcdClient); the caller closes it after start() resolves. */
  client: Etcd3;
  /** Keyspace prefix; default `/ordermesh/v1/`. */
  prefix?: string;
  /** What to advertise; `startedAt` defaults to when this object was made. */
  node: Omit<RegisteredNode, 'startedAt'> & { startedAt?: string };
  /** Samples the node's current load; called once per report. `reportedAt` is stamped on write. */
  load: () => NodeLoadSample;
  /** Told the round-trip time of each load report that etcd acknowledged, in seconds (for metrics). */
  onLoadReported?: (roundTripS: number) => void;
  /** Lease TTL in seconds: how long a crashed node stays advertised; default 5. */
  ttlSeconds?: number;
  /** How often the load report is rewritten; default 1 000 ms. */
  loadIntervalMs?: number;
  /** Deadline of each etcd call (grant, write, revoke); default 2 000 ms. */
  callTimeoutMs?: number;
  /** Retry pacing while etcd is unreachable; default 100 ms doubling up to 2 000 ms. */
  backoff?: BackoffOptions;
  log?: Logger;
  /** Called on every state change, e.g. to flip the health service. Must not throw. */
  onStateChange?: (state: NodeRegistrationState) => void;
}

/**
 * Keeps one warehouse node advertised in etcd: `nodes/{id}` (registration) and `load/{id}`
 * (load report), both attached to the node's lease, so they vanish when the node dies (after
 * the TTL) or stops (at once: the lease is revoked).
 *
 * start() runs until its signal aborts. It never throws for etcd trouble: while etcd is down it
 * retries with backoff, and when the lease is lost (expired, revoked by an operator) it grants a
 * new one and registers again. `healthy` tells whether the node is advertised right now.
 */
export class NodeRegistration {
  private readonly registration: RegisteredNode;
  private readonly nodeKey: string;
  private readonly loadKey: string;
  private readonly ttlSeconds: number;
  private readonly loadIntervalMs: number;
  private readonly callTimeoutMs: number;
  private readonly log: Logger;
  private stateValue: NodeRegistrationState = 'IDLE';
  private session: EtcdSession | undefined;
  private started = false;

  /** Thrown by: InvalidValueError when `node` is not a valid registration (bad id, region, address...). */
  constructor(private readonly options: NodeRegistrationOptions) {
    const parsed = registeredNodeSchema.safeParse({ startedAt: new Date().toISOString(), ...options.node });
    if (!parsed.success) throw new InvalidValueError('node registration', { cause: parsed.error });
    this.registration = parsed.data;
    const prefix = options.prefix ?? DEFAULT_ETCD_PREFIX;
    this.nodeKey = nodeKey(prefix, parsed.data.nodeId);
    this.loadKey = loadKey(prefix, parsed.data.nodeId);
    this.ttlSeconds = options.ttlSeconds ?? 5;
    this.loadIntervalMs = options.loadIntervalMs ?? 1_000;
    this.callTimeoutMs = options.callTimeoutMs ?? 2_000;
    this.log = (options.log ?? silentLogger()).child({ component: 'node-registration', nodeId: parsed.data.nodeId });
  }

  /** Where the registration is; see {@link NodeRegistrationState}. */
  get state(): NodeRegistrationState {
    return this.stateValue;
  }

  /** Whether the node is advertised right now: registered under a lease that is still held. */
  get healthy(): boolean {
    return this.stateValue === 'REGISTERED' && this.session?.healthy === true;
  }

  /** The lease the node is registered under, while REGISTERED. */
  get leaseId(): string | undefined {
    return this.stateValue === 'REGISTERED' ? this.session?.leaseId : undefined;
  }

  /** The advertised registration. */
  get node(): RegisteredNode {
    return this.registration;
  }

  /**
   * Registers, keeps the registration and load report fresh, and re-registers after a lease
   * loss until `signal` aborts; then revokes the lease (removing both keys at once) and
   * resolves. Thrown by: Error when called a second time.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('NodeRegistration.start() may be called once');
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
          await this.register(session, signal);
          registeredAt = Date.now();
          this.setState('REGISTERED');
          this.log.info({ leaseId: session.leaseId, ttlSeconds: this.ttlSeconds, failedAttempts: failures }, 'node registered');
          failures = 0;
          await this.reportLoad(session, signal);
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

  /** Writes registration and first load report in one transaction, both under the lease. */
  private async register(session: EtcdSession, signal: AbortSignal): Promise<void> {
    const entries: Array<[string, string]> = [[this.nodeKey, JSON.stringify(this.registration)]];
    const load = this.sampleLoad();
    if (load !== undefined) entries.push([this.loadKey, load]);
    await session.putAll(entries, { timeoutMs: this.callTimeoutMs, signal });
  }

  /** Rewrites the load report every loadIntervalMs until the session ends or `signal` aborts. */
  private async reportLoad(session: EtcdSession, signal: AbortSignal): Promise<void> {
    const stop = AbortSignal.any([signal, session.done]);
    let failing = false;
    while (!stop.aborted) {
      await sleep(this.loadIntervalMs, stop);
      if (stop.aborted) return;
      const load = this.sampleLoad();
      if (load === undefined) continue;
      try {
        const sentAt = performance.now();
        await session.put(this.loadKey, load, { timeoutMs: this.callTimeoutMs, signal: stop });
        this.options.onLoadReported?.((performance.now() - sentAt) / 1000);
        if (failing) this.log.info({ leaseId: session.leaseId }, 'load reports resumed');
        failing = false;
      } catch (error) {
        // A lost lease aborts `stop`; anything else (etcd slow or down) is retried next tick,
        // and the keepalive watchdog decides whether the lease survived.
        if (stop.aborted) return;
        // Warn once per outage, not once a second.
        if (!failing) this.log.warn({ leaseId: session.leaseId, err: error }, 'load report failed');
        failing = true;
      }
    }
  }

  /** The load report as JSON, or undefined (logged) when the callback fails or returns nonsense. */
  private sampleLoad(): string | undefined {
    try {
      const parsed = nodeLoadSchema.safeParse({ ...this.options.load(), reportedAt: new Date().toISOString() });
      if (parsed.success) return JSON.stringify(parsed.data);
      this.log.error({ err: parsed.error }, 'load sample invalid; not reported');
    } catch (error) {
      this.log.error({ err: error }, 'load sampler threw; not reported');
    }
    return undefined;
  }

  private async revoke(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session || session.state === 'RELEASED' || session.state === 'REVOKED') return;
    try {
      await session.revoke({ timeoutMs: this.callTimeoutMs });
      this.log.info({ leaseId: session.leaseId }, 'lease revoked; node deregistered');
    } catch (error) {
      this.log.warn({ leaseId: session.leaseId, err: error }, 'lease revoke failed; registration expires with its TTL');
    }
  }

  private setState(state: NodeRegistrationState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    try {
      this.options.onStateChange?.(state);
    } catch (error) {
      this.log.error({ err: error, state }, 'onStateChange threw');
    }
  }
}
