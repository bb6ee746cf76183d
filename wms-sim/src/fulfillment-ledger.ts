import type { FulfillmentReport__Output } from '#lib/proto/index.js';

/** One line of an accepted order. */
export interface ShipmentItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/**
 * Where the SHIPPED report of a shipment stands:
 * - 'pending': picking, packing or reporting (with retries) right now;
 * - 'reported': ordermesh acknowledged ReportShipment;
 * - 'refused': ordermesh answered with a final error (e.g. FAILED_PRECONDITION);
 * - 'gave-up': the retry budget ran out, or wms-sim stopped first.
 */
export type ReportState = 'pending' | 'reported' | 'refused' | 'gave-up';

/** One order wms-sim accepted. */
export interface ShipmentRecord {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly warehouseId: string;
  readonly items: readonly ShipmentItem[];
  /** The idempotency key of the first delivery. */
  readonly idempotencyKey: string;
  /** ShipOrder calls received for this order. */
  deliveries: number;
  report: ReportState;
}

/** What {@link FulfillmentLedger.accept} did. */
export interface AcceptResult {
  shipment: ShipmentRecord;
  /** True when this call recorded the order (false: a repeat delivery). */
  first: boolean;
}

/**
 * The shipment id of an order. Derived from the order id, not random, so that a wms-sim that
 * restarted (and forgot its ledger) answers a redelivery with the shipment id it reported
 * before, and ReportShipment (idempotent per shipment id) accepts it again.
 */
export function shipmentIdOf(orderId: string): string {
  return `SHP-${orderId}`;
}

/**
 * What wms-sim has done, in memory: every order it accepted (once per order id), all stock it
 * added per warehouse and sku, and how many ShipOrder calls it failed on purpose. GetReport
 * answers from it. It lives as long as the process.
 */
export class FulfillmentLedger {
  private readonly shipments = new Map<string, ShipmentRecord>();
  private readonly stock = new Map<string, { warehouseId: string; sku: string; units: number }>();
  private injected = 0;

  /**
   * Records a delivery of an order: the first one creates its shipment, a repeat counts one
   * more delivery and returns the shipment the first one made.
   */
  accept(order: { orderId: string; warehouseId: string; items: readonly ShipmentItem[]; idempotencyKey: string }): AcceptResult {
    const existing = this.shipments.get(order.orderId);
    if (existing) {
      existing.deliveries += 1;
      return { shipment: existing, first: false };
    }
    const shipment: ShipmentRecord = {
      orderId: order.orderId,
      shipmentId: shipmentIdOf(order.orderId),
      warehouseId: order.warehouseId,
      items: order.items.map((i) => ({ ...i })),
      idempotencyKey: order.idempotencyKey,
      deliveries: 1,
      report: 'pending',
    };
    this.shipments.set(order.orderId, shipment);
    return { shipment, first: true };
  }

  /** The shipment of an order, if wms-sim accepted it. */
  shipment(orderId: string): ShipmentRecord | undefined {
    return this.shipments.get(orderId);
  }

  /** Counts a ShipOrder answered UNAVAILABLE on purpose. */
  countInjectedFailure(): void {
    this.injected += 1;
  }

  /** Records units wms-sim put into a warehouse (only once ordermesh acknowledged them). */
  addStock(warehouseId: string, sku: string, units: number): void {
    const key = `${warehouseId}\u0000${sku}`;
    const entry = this.stock.get(key);
    if (entry) entry.units += units;
    else this.stock.set(key, { warehouseId, sku, units });
  }

  /** Units added so far to one sku at one warehouse. */
  stockAdded(warehouseId: string, sku: string): number {
    return this.stock.get(`${warehouseId}\u0000${sku}`)?.units ?? 0;
  }

  /** The GetReport answer: shipments in acceptance order, stock by warehouse then sku. */
  report(): FulfillmentReport__Output {
    const stockAdded = [...this.stock.values()].sort((a, b) => (a.warehouseId === b.warehouseId ? cmp(a.sku, b.sku) : cmp(a.warehouseId, b.warehouseId)));
    return {
      shipments: [...this.shipments.values()].map((s) => ({
        orderId: s.orderId,
        shipmentId: s.shipmentId,
        warehouseId: s.warehouseId,
        items: s.items.map((i) => ({ ...i })),
        deliveries: s.deliveries,
        reported: s.report === 'reported',
      })),
      stockAdded: stockAdded.map((e) => ({ ...e })),
      injectedFailures: this.injected,
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
