/**
 * Order ids for the ring's property tests and benchmark; not part of the public API.
 *
 * Bulk ids come from a seeded PRNG rather than from fast-check arbitraries: a balance check
 * needs 100k ids per case, which fast-check would take seconds to generate, and one seed
 * (drawn by fast-check, printed on failure) reproduces the whole set.
 */

import { seededUint32 } from '../runtime/index.js';

/** Crockford base32, the alphabet of ULIDs. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The regions whose prefixes order ids carry. */
export const REGIONS = ['HCM', 'HN', 'DN'] as const;

/**
 * `count` ids shaped like the gateway's, `<REGION>-<26 Crockford base32 chars>`, with every
 * character uniformly random (region prefixes included), reproducible from `seed`.
 */
export function sampleOrderIds(seed: number, count: number): string[] {
  const next = seededUint32(seed);
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
