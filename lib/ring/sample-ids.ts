/**
 * Order ids for the ring's property tests and benchmark; not part of the public API.
 *
 * Bulk ids come from a seeded PRNG rather than from fast-check arbitraries: a balance check
 * needs 100k ids per case, which fast-check would take seconds to generate, and one seed
 * (drawn by fast-check, printed on failure) reproduces the whole set.
 */

/** Crockford base32, the alphabet of ULIDs. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The regions whose prefixes order ids carry. */
export const REGIONS = ['HCM', 'HN', 'DN'] as const;

/**
 * mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Only statistical quality matters here,
 * not unpredictability.
 *
 * @returns a function giving uniform unsigned 32-bit integers.
 */
export function prng32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * `count` ids shaped like the gateway's, `<REGION>-<26 Crockford base32 chars>`, with every
 * character uniformly random (region prefixes included), reproducible from `seed`.
 */
export function sampleOrderIds(seed: number, count: number): string[] {
  const next = prng32(seed);
  const ids = new Array<string>(count);
  for (let n = 0; n < count; n++) {
    let id = `${REGIONS[next() % REGIONS.length]!}-`;
    // Six 5-bit characters per 32-bit draw (30 bits used).
    for (let c = 0; c < 26; c += 6) {
      let bits = next();
      for (let j = c; j < Math.min(c + 6, 26); j++, bits >>>= 5) id += CROCKFORD[bits & 31]!;
    }
    ids[n] = id;
  }
  return ids;
}
