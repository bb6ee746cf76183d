import type { Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import type { OutboxStore } from './outbox-store.js';
import type { Ownership } from './ownership.js';

/** Options of {@link FulfillmentReconciler}. */
export interface FulfillmentReconcilerOptions {
  outbox: OutboxStore;
  ownership: Ownership;
  log: Logger;
  /**
   * How long a FULFILLING order may wait for its SHIPPED report after the backend accepted it,
   * before ShipOrder is delivered again.
   */
  timeoutMs: number;
  /** How often to look; default a fifth of `timeoutMs`, at least 250 ms and at most 10 s. */
  pollIntervalMs?: number;
  /** Called after rows were reopened (wakes the outbox worker). */
  onReopened?: () => void;
}

/**
 * Reconciles FULFILLING orders with the warehouse-management backend. The outbox closes an
 * order's row once the backend acknowledged ShipOrder; if the backend then loses the order (a
 * crash or restart before it reported SHIPPED) or its report was dropped, nothing else would
 * ever ask again and the paid order would stay FULFILLING for good. This sweep reopens the
 * outbox row of every order this node owns that has been FULFILLING longer than `timeoutMs`;
 * the outbox delivers ShipOrder again (idempotent per order id at the backend; a backend that
 * forgot the order accepts it again and ships it), and the SHIPPED report is idempotent per
 * shipment id here, so the order ships exactly once. Level-based: the rows are the state, so a
 * node that takes the orders over resumes the reconciliation.
 */
export class FulfillmentReconciler {
  private reopenedCount = 0;

  constructor(private readonly options: FulfillmentReconcilerOptions) {}

  /** Deliveries reopened since start. */
  get reopened(): number {
    return this.reopenedCount;
  }

  /** Sweeps until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const interval = this.options.pollIntervalMs ?? Math.min(10_000, Math.max(250, Math.round(this.options.timeoutMs / 5)));
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message }, 'fulfilment reconciliation sweep failed');
      }
      await sleep(interval, signal);
    }
  }

  /** One sweep; returns the ids of the orders whose delivery was reopened. */
  async sweep(): Promise<string[]> {
    const { outbox, ownership, timeoutMs, log } = this.options;
    const reopened = await outbox.reopenStalled(ownership.regions(), timeoutMs, (id) => ownership.owns(id));
    if (reopened.length > 0) {
      this.reopenedCount += reopened.length;
      log.info({ orders: reopened.length, first: reopened[0], timeoutMs }, 'no SHIPPED report in time; delivering to fulfilment again');
      this.options.onReopened?.();
    }
    return reopened;
  }
}
