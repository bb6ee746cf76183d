import { pickDistinct, pickOne, randomInt, type Random } from './random.js';

/** What the shop knows it can sell, as read from InventoryService.GetStock. */
export interface Catalogue {
  /** Distinct skus, sorted. */
  skus: string[];
  /** Regions that have a warehouse (the prefix of its id), sorted; the default topology's when none parse. */
  regions: string[];
  /** Warehouse ids, sorted. */
  warehouses: string[];
}

/** Everything random about one order, drawn before it is placed. */
export interface OrderPlan {
  /** 0-based position in the run. */
  index: number;
  requestId: string;
  paymentId: string;
  customerName: string;
  region: string;
  items: Array<{ sku: string; quantity: number }>;
  /** How long the customer takes to pay after the order is RESERVED. */
  paymentDelayMs: number;
  paymentSucceeds: boolean;
  /** Why the payment fails ('' when it succeeds). */
  failureReason: string;
}

/** What {@link planOrder} needs besides the random source. */
export interface PlanSettings {
  /** Unique per run, so request and payment ids never repeat an earlier run's. */
  runId: string;
  paymentDelayMs: readonly [number, number];
  paymentFailureRate: number;
}

const GIVEN_NAMES = ['Lan', 'Minh', 'Hoa', 'Tuan', 'Linh', 'Nam', 'Mai', 'Duc', 'Thao', 'Khoa', 'Ngoc', 'Phuc', 'Trang', 'Huy', 'Vy', 'Long'];
const FAMILY_NAMES = ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Huynh', 'Phan', 'Vu', 'Vo', 'Dang', 'Bui', 'Do'];
const FAILURE_REASONS = ['card declined', 'insufficient funds', '3-D Secure check failed', 'payment provider timed out'];

/** Items per order and units per item, as the issue asks: 1-5 distinct skus, 1-3 of each. */
export const BASKET = { minItems: 1, maxItems: 5, minQuantity: 1, maxQuantity: 3 } as const;

/**
 * Draws order number `index` of a run: a customer, a region among the catalogue's, 1-5 distinct
 * skus with 1-3 units each, the payment delay and outcome. Drawn in one place, in order, so the
 * same seed plans the same orders however the calls interleave.
 */
export function planOrder(random: Random, index: number, catalogue: Catalogue, settings: PlanSettings): OrderPlan {
  const customerName = `${pickOne(random, GIVEN_NAMES)} ${pickOne(random, FAMILY_NAMES)}`;
  const region = pickOne(random, catalogue.regions);
  const skus = pickDistinct(random, catalogue.skus, randomInt(random, BASKET.minItems, BASKET.maxItems));
  const items = skus.map((sku) => ({ sku, quantity: randomInt(random, BASKET.minQuantity, BASKET.maxQuantity) }));
  const [minDelay, maxDelay] = settings.paymentDelayMs;
  const paymentDelayMs = randomInt(random, minDelay, maxDelay);
  const paymentSucceeds = !(random() < settings.paymentFailureRate);
  const failureReason = paymentSucceeds ? '' : pickOne(random, FAILURE_REASONS);
  return {
    index,
    requestId: `ecom-${settings.runId}-${index}`,
    paymentId: `pay-${settings.runId}-${index}`,
    customerName,
    region,
    items,
    paymentDelayMs,
    paymentSucceeds,
    failureReason,
  };
}
