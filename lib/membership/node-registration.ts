import type { Etcd3 } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { sleep, type BackoffOptions } from '../runtime/index.js';
import { InvalidValueError } from './errors.js';
import { DEFAULT_ETCD_PREFIX, loadKey, nodeKey } from './keys.js';
import { LeasedRegistration, type LeasedRegistrationState } from './leased-registration.js';
import type { EtcdSession } from './session.js';
import { nodeLoadSchema, registeredNodeSchema, type NodeLoadSample, type RegisteredNode } from './types.js';

/** Where a registration is. REGISTERED is the only state in which the node is advertised. */
export type NodeRegistrationState = LeasedRegistrationState;

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
  private readonly loadKey: string;
  private readonly loadIntervalMs: number;
  private readonly callTimeoutMs: number;
  private readonly log: Logger;
  private readonly lease: LeasedRegistration;

  /** Thrown by: InvalidValueError when `node` is not a valid registration (bad id, region, address...). */
  constructor(private readonly options: NodeRegistrationOptions) {
    const parsed = registeredNodeSchema.safeParse({ startedAt: new Date().toISOString(), ...options.node });
    if (!parsed.success) throw new InvalidValueError('node registration', { cause: parsed.error });
    this.registration = parsed.data;
    const prefix = options.prefix ?? DEFAULT_ETCD_PREFIX;
    const registrationKey = nodeKey(prefix, parsed.data.nodeId);
    this.loadKey = loadKey(prefix, parsed.data.nodeId);
    this.loadIntervalMs = options.loadIntervalMs ?? 1_000;
    this.callTimeoutMs = options.callTimeoutMs ?? 2_000;
    this.log = (options.log ?? silentLogger()).child({ component: 'node-registration', nodeId: parsed.data.nodeId });
    this.lease = new LeasedRegistration({
      client: options.client,
      // The registration and the first load report, in one transaction.
      entries: () => {
        const load = this.sampleLoad();
        return [[registrationKey, JSON.stringify(this.registration)], ...(load === undefined ? [] : [[this.loadKey, load] as [string, string]])];
      },
      whileRegistered: (session, stop) => this.reportLoad(session, stop),
      ttlSeconds: options.ttlSeconds,
      callTimeoutMs: this.callTimeoutMs,
      backoff: options.backoff,
      log: this.log,
      onStateChange: options.onStateChange,
    });
  }

  /** Where the registration is; see {@link NodeRegistrationState}. */
  get state(): NodeRegistrationState {
    return this.lease.state;
  }

  /** Whether the node is advertised right now: registered under a lease that is still held. */
  get healthy(): boolean {
    return this.lease.healthy;
  }

  /** The lease the node is registered under, while REGISTERED. */
  get leaseId(): string | undefined {
    return this.lease.leaseId;
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
  start(signal: AbortSignal): Promise<void> {
    return this.lease.start(signal);
  }

  /** Rewrites the load report every loadIntervalMs until `stop` aborts (session lost, or stopping). */
  private async reportLoad(session: EtcdSession, stop: AbortSignal): Promise<void> {
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
}
