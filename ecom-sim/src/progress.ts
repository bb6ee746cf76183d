/** The snapshots of a run given to `onProgress`, and the acknowledged-orders rate they show. */
import type { OrderStatusName } from './order-statuses.js';

/** The phases of a run, in order. */
export type SimulationPhase = 'catalogue' | 'placing' | 'settling' | 'done';

/** A snapshot of a run, given to `onProgress` about five times a second and once at the end. */
export interface SimulationProgress {
  phase: SimulationPhase;
  target: string;
  /** Since placing began (0 while reading the catalogue), in ms. */
  elapsedMs: number;
  /** Since settling began (0 before), in ms. */
  settleElapsedMs: number;
  /** Orders whose CreateOrder was sent. */
  placed: number;
  acknowledged: number;
  /** The run's order count; undefined when only the duration bounds it. */
  ordersTarget: number | undefined;
  durationS: number | undefined;
  /** Acknowledged orders per second over the last two seconds or so. */
  ratePerS: number;
  /** Acknowledged orders by their last known status. */
  statuses: Partial<Record<OrderStatusName, number>>;
  /** Acknowledged orders not yet read back in a final status (and not lost). */
  pending: number;
  failedCalls: number;
  lost: number;
  /** What the catalogue wait last saw, while in phase 'catalogue'. */
  waitingFor?: string;
}

/** Acknowledged orders per second over the last two seconds or so, from a sample at every progress snapshot. */
export class AcknowledgedRate {
  private readonly samples: Array<{ at: number; acknowledged: number }> = [];

  /** Records `acknowledged` at `now` (performance.now() ms) and returns the rate since the oldest sample kept. */
  sample(now: number, acknowledged: number): number {
    this.samples.push({ at: now, acknowledged });
    while (this.samples.length > 2 && now - (this.samples[1]?.at ?? now) >= 2_000) this.samples.shift();
    const first = this.samples[0];
    if (!first || now - first.at < 1) return 0;
    return ((acknowledged - first.acknowledged) * 1000) / (now - first.at);
  }
}
