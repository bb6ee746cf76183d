import { seededRandom } from '#lib/runtime/index.js';

/** One sku of the catalogue at one warehouse: its price there and the units a new warehouse gets. */
export interface CatalogueEntry {
  sku: string;
  unitPriceCents: number;
  initialStock: number;
}

/** What wms-sim stocks: every sku at every warehouse, priced per warehouse. */
export interface Catalogue {
  skus: readonly string[];
  warehouses: readonly string[];
  /** The entries of one warehouse, in sku order. */
  entries(warehouseId: string): CatalogueEntry[];
}

/** Options of {@link buildCatalogue}. */
export interface CatalogueOptions {
  skuCount: number;
  warehouses: readonly string[];
  initialStock: number;
  seed: number;
}

/** `SKU-0001` for 1: the sku names of the catalogue (and of the demo catalogue of `ordermesh dev`). */
export function skuName(n: number): string {
  return `SKU-${String(n).padStart(4, '0')}`;
}

/** FNV-1a: a 32-bit hash of a string, to seed a generator per (seed, warehouse, sku). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The base price of a sku: 5.00 to 500.00 in steps of 0.50, the same wherever it is stocked.
 * Depends only on the seed and the sku, so adding skus or warehouses changes no existing price.
 */
export function basePriceCents(seed: number, sku: string): number {
  const random = seededRandom(fnv1a(`${seed}/${sku}`));
  return 500 + Math.floor(random() * 991) * 50;
}

/**
 * The price of a sku at one warehouse: its base price moved by up to ±5 %, rounded to whole
 * cents, as prices differ a little between stores. Deterministic in (seed, warehouse, sku).
 */
export function unitPriceCents(seed: number, warehouseId: string, sku: string): number {
  const base = basePriceCents(seed, sku);
  const random = seededRandom(fnv1a(`${seed}/${warehouseId}/${sku}`));
  return Math.max(1, Math.round(base * (0.95 + random() * 0.1)));
}

/** Builds the catalogue of wms-sim's configuration. Pure: the same options give the same catalogue. */
export function buildCatalogue(options: CatalogueOptions): Catalogue {
  const skus = Array.from({ length: options.skuCount }, (_, i) => skuName(i + 1));
  const warehouses = [...options.warehouses];
  return {
    skus,
    warehouses,
    entries: (warehouseId) =>
      skus.map((sku) => ({ sku, unitPriceCents: unitPriceCents(options.seed, warehouseId, sku), initialStock: options.initialStock })),
  };
}
