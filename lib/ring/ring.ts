import { murmur3, murmur3Bytes } from './hash.js';

/**
 * Virtual nodes per member when {@link HashRingOptions.vnodes} is not given: 4096.
 *
 * Chosen by measurement as the smallest power of two at which the ring meets the balance goal,
 * max share / mean share <= 1.10, for 3, 10 and 100 members with a clear margin
 * (`node --conditions=ordermesh-source --import tsx lib/ring/ring.bench.ts --sweep`, 500 random memberships per cell; full
 * table in docs/ring.md). Max/mean share at 100 members:
 *   1024 vnodes: median 1.078, worst 1.135, 7.2% of memberships over 1.10
 *   2048 vnodes: median 1.055, worst 1.098 (p99 1.087): passes, but on the edge
 *   4096 vnodes: median 1.040, worst 1.066 (p99 1.060)
 * and at 4096 with 10 members worst 1.053, with 3 members worst 1.037. Imbalance falls only as
 * 1/√vnodes, so 8192 would buy little (worst 1.044 at 100 members) for twice the cost.
 * The cost at 4096: 8 bytes per point (330 KB for 10 members, 3.3 MB for 100), built in about
 * 2.5 ms for 10 members and 25 ms for 100, with owner() at 3-4 M lookups/s.
 */
export const DEFAULT_VNODES = 4096;

/**
 * The load bound of {@link HashRing.ownerWithBoundedLoad} that routers use unless configured:
 * a member takes new keys while its load is under 1.25 × the mean load (with the request being
 * placed counted in). The paper keeps every member's load within ⌈(1 + ε) × the mean⌉ at an
 * expected extra movement per change that grows as 1/ε² (their bound); ε = 0.25 is the usual
 * production trade-off between evening out hot spots and keeping keys where their cache is.
 */
export const DEFAULT_LOAD_BOUND = 1.25;

/** Options of {@link HashRing}. */
export interface HashRingOptions {
  /**
   * Points on the ring per member, a positive integer; default {@link DEFAULT_VNODES}. Every
   * router must use the same value (it is part of the published ring parameters): a different
   * count is a different ring.
   */
  vnodes?: number;
}

/** Upper bound on vnodes per member; far above any useful value, it stops accidental huge rings. */
const MAX_VNODES = 65_536;
const HASH_SPACE = 2 ** 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A consistent-hash ring with virtual nodes over a set of members (warehouse node ids).
 *
 * Each member owns `vnodes` points, the MurmurHash3 x86_32 hashes of `${member}#${i}` for
 * i = 0 … vnodes − 1; a key belongs to the member of the first point at or after the key's hash,
 * wrapping past 2³² − 1 to the first point. The ring depends only on the set of members and the
 * vnode count, never on the order of the input, so every router that reads the same assignment
 * computes the same owner for every key; adding or removing a member moves only the keys that
 * the change has to move.
 *
 * Instances are immutable from the outside: build a new ring when the membership changes
 * (10 members at the default vnodes take about 2 ms; see docs/ring.md). Lookups keep reusable
 * scratch arrays so that they do not allocate; JavaScript runs them one at a time.
 */
export class HashRing {
  readonly #members: readonly string[];
  readonly #vnodes: number;
  /** Point hashes, ascending. */
  readonly #points: Uint32Array;
  /** Member index (into #members) of each point, parallel to #points. */
  readonly #owners: Uint32Array;
  /** Per-member scratch for ownerWithBoundedLoad, reused so lookups do not allocate. */
  readonly #loads: Float64Array;
  #loadsInUse = false;
  /** Per-member visit marks for candidates(): a member is seen when its mark equals #stamp. */
  readonly #seen: Uint32Array;
  #stamp = 0;

  /**
   * Builds the ring.
   *
   * @param members the member ids; duplicates are ignored and order does not matter.
   * @param options see {@link HashRingOptions}.
   * @throws RangeError when `vnodes` is not an integer in [1, 65536], or a member id is empty or
   *   holds a lone UTF-16 surrogate.
   */
  constructor(members: readonly string[], options: HashRingOptions = {}) {
    const vnodes = options.vnodes ?? DEFAULT_VNODES;
    if (!Number.isInteger(vnodes) || vnodes < 1 || vnodes > MAX_VNODES) {
      throw new RangeError(`vnodes must be an integer in [1, ${MAX_VNODES}], got ${vnodes}`);
    }
    // Sorted with the default (UTF-16 code unit) order, which is locale-independent, so every
    // router agrees on member indices and therefore on collision tie-breaks.
    const sorted = [...new Set(members)].sort();
    for (const member of sorted) {
      // Points hash UTF-8 bytes, in which every lone surrogate becomes U+FFFD: two such ids
      // would put all their points on the same hashes and one of them would own nothing.
      if (member === '' || LONE_SURROGATE.test(member)) {
        throw new RangeError(`member ids must be non-empty, well-formed strings, got ${JSON.stringify(member)}`);
      }
    }
    this.#members = Object.freeze(sorted);
    this.#vnodes = vnodes;

    const total = sorted.length * vnodes;
    const points = new Uint32Array(total);
    const owners = new Uint32Array(total);
    // Point i of a member is murmur3 of the UTF-8 bytes of `${member}#${i}`. The bytes are
    // assembled in one buffer (prefix once, decimal digits per point) rather than by building
    // a string per point, which measured 2-5 times slower.
    const encoder = new TextEncoder();
    const maxDigits = String(vnodes - 1).length;
    let p = 0;
    for (let m = 0; m < sorted.length; m++) {
      const prefix = encoder.encode(`${sorted[m]!}#`);
      const buf = new Uint8Array(prefix.length + maxDigits);
      buf.set(prefix);
      for (let i = 0; i < vnodes; i++) {
        const end = prefix.length + (i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : i < 10000 ? 4 : 5);
        for (let d = end - 1, v = i; d >= prefix.length; d--, v = (v / 10) | 0) buf[d] = 0x30 + (v % 10);
        points[p] = murmur3Bytes(buf, 0, end);
        owners[p] = m;
        p++;
      }
    }
    // Points were generated in member order, and the sort is stable, so two members whose
    // points collide on the same hash are ordered by member name: every router breaks the tie
    // the same way.
    radixSortPairs(points, owners);
    this.#points = points;
    this.#owners = owners;
    this.#loads = new Float64Array(sorted.length);
    this.#seen = new Uint32Array(sorted.length);
  }

  /** The members, deduplicated and sorted (frozen). */
  get members(): readonly string[] {
    return this.#members;
  }

  /** Number of distinct members. */
  get size(): number {
    return this.#members.length;
  }

  /** Points per member this ring was built with. */
  get vnodes(): number {
    return this.#vnodes;
  }

  /**
   * The member that owns `key`.
   *
   * @param key any string; order ids route on the whole id (`HCM-<ulid>`).
   * @returns the owner, or undefined when the ring has no members.
   */
  owner(key: string): string | undefined {
    if (this.#points.length === 0) return undefined;
    return this.#members[this.#owners[this.#firstPointAtOrAfter(murmur3(key))]!];
  }

  /**
   * Distinct members in ring order starting at the owner of `key`: the owner first, then each
   * member whose points come next clockwise. The gateway retries on `candidates[1]`,
   * `candidates[2]`, …; removing a member from the ring gives exactly this list without it,
   * so a retry lands where the key will live once the assignment catches up.
   *
   * @param key the key to route.
   * @param limit at most this many members (default all); values above {@link size} are capped.
   * @returns up to `limit` distinct members; empty when the ring is empty or `limit` is 0.
   * @throws RangeError when `limit` is negative or NaN.
   */
  candidates(key: string, limit: number = this.#members.length): string[] {
    if (!(limit >= 0)) throw new RangeError(`limit must be >= 0, got ${limit}`);
    const want = Math.min(Math.floor(limit), this.#members.length);
    const out: string[] = [];
    if (want === 0) return out;
    const points = this.#points.length;
    const stamp = this.#nextStamp();
    const seen = this.#seen;
    let j = this.#firstPointAtOrAfter(murmur3(key));
    // At most one lap of the ring; every member has points on it, so `want` is always reached.
    for (let steps = 0; steps < points; steps++) {
      const m = this.#owners[j]!;
      if (seen[m] !== stamp) {
        seen[m] = stamp;
        out.push(this.#members[m]!);
        if (out.length === want) break;
      }
      if (++j === points) j = 0;
    }
    return out;
  }

  /**
   * The owner of `key` under consistent hashing with bounded loads (Mirrokni, Thorup,
   * Zadimoghaddam, "Consistent Hashing with Bounded Loads", SODA 2018).
   *
   * Capacity = `loadBound` × (total load + 1) / size: the "+1" counts the request being placed,
   * as the paper's bound counts the ball being inserted, so with an idle cluster the capacity
   * is positive and the plain owner always takes the key. Walking the ring from the key's
   * point, the first member whose load is strictly under the capacity is returned. Because the
   * capacities sum to more than the total load when `loadBound` >= 1, some member is always
   * under it; if none is (loads that are NaN), the plain owner is returned.
   *
   * For whole-number loads (in-flight requests) "under the capacity" is the paper's
   * `load < ⌈capacity⌉`. Loads should be in units where one request counts about 1, otherwise
   * the +1 is out of scale.
   *
   * `loadOf` is called exactly once per member per call, so the mean and the comparisons use one
   * consistent snapshot even when loads change underneath.
   *
   * @param key the key to route.
   * @param loadOf the current load of a member, a finite number >= 0.
   * @param loadBound the bound factor c >= 1, normally {@link DEFAULT_LOAD_BOUND}.
   * @returns the chosen member, or undefined when the ring is empty.
   * @throws RangeError when `loadBound` is below 1 or NaN.
   */
  ownerWithBoundedLoad(
    key: string,
    loadOf: (member: string) => number,
    loadBound: number,
  ): string | undefined {
    if (!(loadBound >= 1)) throw new RangeError(`loadBound must be >= 1, got ${loadBound}`);
    const members = this.#members;
    const size = members.length;
    if (size === 0) return undefined;
    // loadOf is user code and could route through this same ring; a nested call must not
    // overwrite the snapshot this call is still reading, so it gets its own array.
    const reentrant = this.#loadsInUse;
    const loads = reentrant ? new Float64Array(size) : this.#loads;
    this.#loadsInUse = true;
    try {
      let total = 0;
      for (let m = 0; m < size; m++) {
        const load = loadOf(members[m]!);
        loads[m] = load;
        total += load;
      }
      const capacity = (loadBound * (total + 1)) / size;
      const owners = this.#owners;
      const points = owners.length;
      const first = this.#firstPointAtOrAfter(murmur3(key));
      let j = first;
      // A rejected member is met again further round, but rechecking costs one comparison, so
      // no visit marks are needed; one lap bounds the walk.
      for (let steps = 0; steps < points; steps++) {
        const m = owners[j]!;
        if (loads[m]! < capacity) return members[m];
        if (++j === points) j = 0;
      }
      return members[owners[first]!];
    } finally {
      if (!reentrant) this.#loadsInUse = false;
    }
  }

  /**
   * Each member's fraction of the 2³² hash space, that is the share of uniformly hashed keys
   * it owns. The fractions sum to 1 (up to float rounding). A new Map on every call.
   *
   * @returns member → fraction in [0, 1]; empty for an empty ring.
   */
  shares(): Map<string, number> {
    const counts = new Float64Array(this.#members.length);
    const points = this.#points;
    const n = points.length;
    for (let j = 0; j < n; j++) {
      // Point j owns the hashes in (points[j-1], points[j]]; point 0 also owns the wrap-around
      // arc above the last point. Integer arithmetic, exact below 2^53.
      const arc = j === 0 ? points[0]! + HASH_SPACE - points[n - 1]! : points[j]! - points[j - 1]!;
      const m = this.#owners[j]!;
      counts[m] = counts[m]! + arc;
    }
    const out = new Map<string, number>();
    for (let m = 0; m < this.#members.length; m++) out.set(this.#members[m]!, counts[m]! / HASH_SPACE);
    return out;
  }

  /** Index of the first point whose hash is >= `hash`, wrapping to 0 past the last. */
  #firstPointAtOrAfter(hash: number): number {
    const points = this.#points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo === points.length ? 0 : lo;
  }

  #nextStamp(): number {
    if (this.#stamp === 0xffffffff) {
      this.#seen.fill(0);
      this.#stamp = 0;
    }
    return ++this.#stamp;
  }
}

/**
 * Sorts `keys` ascending and applies the same permutation to `values`; stable.
 *
 * LSD radix sort, four passes of 8 bits: linear time, about three times faster than
 * Float64Array.prototype.sort on packed (hash, index) pairs for the 400k points of a 100-member
 * ring (14 ms against 40 ms), and stable, which the collision tie-break relies on.
 */
function radixSortPairs(keys: Uint32Array, values: Uint32Array): void {
  const n = keys.length;
  let srcK: Uint32Array = keys;
  let srcV: Uint32Array = values;
  let dstK: Uint32Array = new Uint32Array(n);
  let dstV: Uint32Array = new Uint32Array(n);
  const offsets = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    offsets.fill(0);
    for (let i = 0; i < n; i++) offsets[(srcK[i]! >>> shift) & 0xff]!++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = offsets[b]!;
      offsets[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = srcK[i]!;
      const at = offsets[(k >>> shift) & 0xff]!++;
      dstK[at] = k;
      dstV[at] = srcV[i]!;
    }
    [srcK, dstK] = [dstK, srcK];
    [srcV, dstV] = [dstV, srcV];
  }
  // Four passes (an even number) leave the result back in `keys` and `values`.
}
