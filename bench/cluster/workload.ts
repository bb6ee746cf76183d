/**
 * What the bench's cluster holds and is asked: regions, warehouses, the bench skus and their
 * stock, the call deadline, the node the straight phases call, ecom-sim's seed.
 */

/** Regions the load generators' orders go to, in turn. */
export const REGIONS = ['HCM', 'HN', 'DN'];
/** The warehouses the bench skus are stocked at (one per region). */
export const WAREHOUSES = ['HCM-01', 'HN-01', 'DN-01'];
/** Bench skus (BENCH-0000 ...) seeded before the RPC phases. */
export const SKU_COUNT = 200;
/** Stock per bench sku and warehouse: the RPC phases never run out. */
export const UNITS_PER_SKU = 100_000_000;
/** Deadline of every load generator call. */
export const CALL_TIMEOUT_MS = 10_000;
/** The node every "straight" phase calls. */
export const STRAIGHT_NODE = 'hcm-1';
/** Unpaid bench orders must not be cancelled by payment timeouts in the background of later phases. */
export const PAYMENT_TIMEOUT_MS = 3_600_000;
/** wms-sim's catalogue stock per sku and warehouse: ecom-sim never runs out (no REJECTED orders). */
export const WMS_INITIAL_STOCK = 10_000_000;
/** ecom-sim's seed: the same customers, baskets and payment outcomes in every run. */
export const SIM_SEED = 42;

/** The bench skus' names, BENCH-0000 to BENCH-0199. */
export function skuNames(): string[] {
  return Array.from({ length: SKU_COUNT }, (_, i) => `BENCH-${String(i).padStart(4, '0')}`);
}
