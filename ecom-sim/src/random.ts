import type { Random } from '#lib/runtime/index.js';

// The seeded generator itself lives in lib/runtime; ecom-sim's API names it too, so a run's
// customers, baskets and payment outcomes can be replayed from the seed it reports.
export { seededRandom, type Random } from '#lib/runtime/index.js';

/** A whole number in [min, max], both included. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. @throws Error when `items` is empty. */
export function pickOne<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pickOne: empty list');
  return items[Math.floor(random() * items.length)] as T;
}

/** `count` distinct elements (fewer when the list is shorter), in random order (partial Fisher-Yates). */
export function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, n);
}
