/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain; reference: SMHasher's MurmurHash3.cpp).
 *
 * Why this hash: the ring needs a fast, well-mixed 32-bit hash that every router (and any
 * non-TypeScript tool that wants to reproduce the ring) computes identically. MurmurHash3 x86_32
 * is specified byte for byte, has implementations in every language, passes SMHasher's
 * distribution tests, and its 32-bit arithmetic maps onto `Math.imul` without BigInt.
 * It is not cryptographic: an adversary who picks order ids could aim them at one node, but
 * order ids are minted by the gateway, not chosen by callers.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * Hashes bytes with MurmurHash3 x86_32.
 *
 * @param bytes the input; only the first `length` bytes are read.
 * @param seed 32-bit seed, default 0.
 * @param length how many bytes of `bytes` to hash, default all of them. It lets
 *   {@link murmur3} reuse one scratch buffer instead of allocating a view per call.
 * @returns the hash as an unsigned 32-bit integer.
 */
export function murmur3Bytes(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  let h = seed | 0;
  const blocks = length & ~3;
  let i = 0;
  for (; i < blocks; i += 4) {
    // Blocks are read little-endian, as the reference does on x86.
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // Tail: 1 to 3 bytes. An if-chain instead of the reference's fall-through switch, which the
  // compiler options (noFallthroughCasesInSwitch) forbid.
  const rest = length & 3;
  if (rest !== 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[i + 2]! << 16;
    if (rest >= 2) k ^= bytes[i + 1]! << 8;
    k ^= bytes[i]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  // fmix32: final avalanche so that every input bit affects every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One scratch buffer for UTF-8 encoding: owner() runs millions of times a second and must not
// allocate a Uint8Array per key. JavaScript runs one call at a time and murmur3 calls nothing
// that could re-enter it, so sharing the buffer is safe.
let scratch = new Uint8Array(256);

/**
 * Hashes a string's UTF-8 bytes with MurmurHash3 x86_32, without allocating.
 *
 * The result equals `murmur3Bytes(new TextEncoder().encode(key), seed)` for every string,
 * including lone surrogates, which are encoded as U+FFFD exactly as TextEncoder does, so the
 * ring is defined over the UTF-8 bytes and other languages can reproduce it.
 *
 * @param key the string to hash.
 * @param seed 32-bit seed, default 0.
 * @returns the hash as an unsigned 32-bit integer.
 */
export function murmur3(key: string, seed = 0): number {
  // Fast path for ASCII, which is every order id and node id: for ASCII the UTF-8 bytes are the
  // char codes, so blocks are read straight from the string, with no encoding pass at all.
  // On the first non-ASCII unit it starts over on the general path.
  const length = key.length;
  const blocks = length & ~3;
  let h = seed | 0;
  let i = 0;
  for (; i < blocks; i += 4) {
    const c0 = key.charCodeAt(i);
    const c1 = key.charCodeAt(i + 1);
    const c2 = key.charCodeAt(i + 2);
    const c3 = key.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0x7f) return murmur3Utf8(key, seed);
    let k = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = length & 3;
  if (rest !== 0) {
    const t0 = key.charCodeAt(i);
    const t1 = rest >= 2 ? key.charCodeAt(i + 1) : 0;
    const t2 = rest === 3 ? key.charCodeAt(i + 2) : 0;
    if ((t0 | t1 | t2) > 0x7f) return murmur3Utf8(key, seed);
    let k = t0 | (t1 << 8) | (t2 << 16);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The general path of {@link murmur3}: encodes UTF-8 into the scratch buffer, then hashes it. */
function murmur3Utf8(key: string, seed: number): number {
  const units = key.length;
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes (a surrogate pair, 2 units, to 4).
  if (units * 3 > scratch.length) scratch = new Uint8Array(Math.max(units * 3, scratch.length * 2));
  const buf = scratch;
  let n = 0;
  for (let i = 0; i < units; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x80) {
      buf[n++] = c;
    } else if (c < 0x800) {
      buf[n++] = 0xc0 | (c >> 6);
      buf[n++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < units ? key.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        buf[n++] = 0xf0 | (c >> 18);
        buf[n++] = 0x80 | ((c >> 12) & 0x3f);
        buf[n++] = 0x80 | ((c >> 6) & 0x3f);
        buf[n++] = 0x80 | (c & 0x3f);
      } else {
        // Lone surrogate: U+FFFD, as TextEncoder and Buffer.from(key, 'utf8') encode it.
        buf[n++] = 0xef;
        buf[n++] = 0xbf;
        buf[n++] = 0xbd;
      }
    } else {
      buf[n++] = 0xe0 | (c >> 12);
      buf[n++] = 0x80 | ((c >> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    }
  }
  return murmur3Bytes(buf, seed, n);
}
