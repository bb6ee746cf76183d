/** A source of uniform numbers in [0, 1), like Math.random. */
export type Random = () => number;

/**
 * mulberry32: a small, fast, well-mixed generator of unsigned 32-bit integers. The same seed
 * gives the same sequence, so simulations, catalogues and test data can be replayed from one
 * number. Not for cryptography.
 */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** {@link seededUint32} as numbers in [0, 1): a seeded stand-in for Math.random. */
export function seededRandom(seed: number): Random {
  const next = seededUint32(seed);
  return () => next() / 4294967296;
}
