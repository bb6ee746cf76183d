import type { Etcd3 } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { InvalidValueError } from './errors.js';
import { DEFAULT_ETCD_PREFIX, serviceKey, servicesPrefix } from './keys.js';
import { LeasedRegistration, type LeasedRegistrationState } from './leased-registration.js';
import { decodeRegisteredService, registeredServiceSchema, type RegisteredService } from './types.js';

/** Options of {@link ServiceRegistration}. */
export interface ServiceRegistrationOptions {
  /** The process's etcd client; the caller closes it after start() resolves. */
  client: Etcd3;
  /** Keyspace prefix; default `/ordermesh/v1/`. */
  prefix?: string;
  /** What to advertise; `startedAt` defaults to when this object was made. */
  service: Omit<RegisteredService, 'startedAt'> & { startedAt?: string };
  /** Lease TTL in seconds; default 5. */
  ttlSeconds?: number;
  log?: Logger;
}

/**
 * Keeps a side service (wms-sim) advertised under `services/{service}/{instance}`, on a lease
 * like a node's, so `ordermesh status` and operators find its address and metrics while it
 * lives and stop seeing it within the TTL of its death. Nothing routes by it.
 */
export class ServiceRegistration {
  private readonly lease: LeasedRegistration;

  /** Thrown by: InvalidValueError when `service` is not a valid registration. */
  constructor(options: ServiceRegistrationOptions) {
    const parsed = registeredServiceSchema.safeParse({ startedAt: new Date().toISOString(), ...options.service });
    if (!parsed.success) throw new InvalidValueError('service registration', { cause: parsed.error });
    const record = parsed.data;
    const key = serviceKey(options.prefix ?? DEFAULT_ETCD_PREFIX, record.service, record.instance);
    this.lease = new LeasedRegistration({
      client: options.client,
      entries: () => [[key, JSON.stringify(record)]],
      ttlSeconds: options.ttlSeconds,
      log: (options.log ?? silentLogger()).child({ component: 'service-registration', service: record.service, instance: record.instance }),
    });
  }

  /** Where the registration is. */
  get state(): LeasedRegistrationState {
    return this.lease.state;
  }

  /** Registers and stays registered until `signal` aborts; then deregisters. Never throws for etcd trouble. */
  start(signal: AbortSignal): Promise<void> {
    return this.lease.start(signal);
  }
}

/**
 * Every side service registered under `prefix`, sorted by service and instance. Values that do
 * not decode are skipped (a newer or broken writer must not hide the others).
 * Thrown by: etcd3's errors when etcd cannot be read within `timeoutMs`.
 */
export async function readRegisteredServices(client: Etcd3, prefix: string, timeoutMs: number): Promise<RegisteredService[]> {
  const values = await client.getAll().prefix(servicesPrefix(prefix)).options({ deadline: Date.now() + timeoutMs }).strings();
  const services: RegisteredService[] = [];
  for (const raw of Object.values(values)) {
    try {
      services.push(decodeRegisteredService(raw));
    } catch {
      // skipped, see above
    }
  }
  return services.sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
}
