/** The run's counts of orders: placed, acknowledged, lost, pending, and by last known status. */
import { timestampMs, type Order__Output } from '#lib/proto/index.js';
import { fromProtoStatus } from '#lib/orders/index.js';
import type { OrderState } from './order-state.js';
import { STATUS_ORDER, type OrderStatusName } from './order-statuses.js';

/**
 * The counts the progress line and the summary show, kept as answers arrive. An order's status
 * moves between the per-status counts as it changes; a lost order leaves them.
 */
export class OrderTally {
  /** Orders whose CreateOrder was sent. */
  placed = 0;
  /** Orders whose CreateOrder answered OK. */
  acknowledged = 0;
  /** Acknowledged orders GetOrder answered NOT_FOUND for. */
  lost = 0;
  /** Acknowledged orders not yet read back in a final status (and not lost). */
  pending = 0;
  private readonly statusCounts = new Map<OrderStatusName, number>();
  private readonly finalStatuses: ReadonlySet<OrderStatusName>;

  constructor(finalStatuses: readonly OrderStatusName[]) {
    this.finalStatuses = new Set(finalStatuses);
  }

  /** True for a status the run counts as final. */
  isFinal(status: OrderStatusName | undefined): boolean {
    return status !== undefined && this.finalStatuses.has(status);
  }

  /**
   * Records the status of an answer for its order; the first answer showing it final sets its
   * time to final (server timestamps, or the simulator's clock when they are missing).
   */
  setStatus(state: OrderState, order: Order__Output): void {
    const status = fromProtoStatus(order.status);
    if (status === undefined) return;
    if (state.status !== status) {
      this.removeStatus(state);
      state.status = status;
      this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
    }
    if (state.finalAfterMs === undefined && this.isFinal(status)) {
      const created = timestampMs(order.createdAt);
      const updated = timestampMs(order.updatedAt);
      state.finalAfterMs = created !== undefined && updated !== undefined ? Math.max(0, updated - created) : performance.now() - state.createdAtMs;
    }
  }

  /** Takes the order out of its status's count (a lost order also forgets its status). */
  removeStatus(state: OrderState): void {
    if (state.status === undefined) return;
    this.statusCounts.set(state.status, (this.statusCounts.get(state.status) ?? 1) - 1);
    if (state.lost) state.status = undefined;
  }

  /** Orders by last known status, in STATUS_ORDER, statuses with none left out. */
  byName(): Partial<Record<OrderStatusName, number>> {
    const out: Partial<Record<OrderStatusName, number>> = {};
    for (const s of STATUS_ORDER) {
      const n = this.statusCounts.get(s) ?? 0;
      if (n > 0) out[s] = n;
    }
    return out;
  }
}
