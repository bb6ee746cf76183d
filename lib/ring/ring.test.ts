import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { murmur3Bytes } from './hash.js';
import { DEFAULT_LOAD_BOUND, DEFAULT_VNODES, HashRing } from './index.js';
import { CROCKFORD, REGIONS, sampleOrderIds } from './sample-ids.js';

// ---------------------------------------------------------------------------------------------
// A deliberately naive model of the ring, written from the definition rather than from
// ring.ts: every point is the hash of the TextEncoder bytes of `${member}#${i}`, points sorted
// by (hash, member name), a key owned by the first point at or after its hash. Linear scans, no
// radix sort, no binary search, no byte assembly: if HashRing agrees with it, the optimised
// paths are right.
// ---------------------------------------------------------------------------------------------
interface ModelPoint {
  hash: number;
  member: string;
}

const utf8 = new TextEncoder();
const hashOf = (s: string): number => murmur3Bytes(utf8.encode(s));

function modelPoints(members: readonly string[], vnodes: number): ModelPoint[] {
  const points: ModelPoint[] = [];
  for (const member of new Set(members)) {
    for (let i = 0; i < vnodes; i++) points.push({ hash: hashOf(`${member}#${i}`), member });
  }
  return points.sort((a, b) => a.hash - b.hash || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
}

function modelStart(points: readonly ModelPoint[], key: string): number {
  const h = hashOf(key);
  const at = points.findIndex((p) => p.hash >= h);
  return at === -1 ? 0 : at;
}

function modelCandidates(points: readonly ModelPoint[], key: string): string[] {
  const out: string[] = [];
  const start = modelStart(points, key);
  for (let s = 0; s < points.length; s++) {
    const member = points[(start + s) % points.length]!.member;
    if (!out.includes(member)) out.push(member);
  }
  return out;
}

// Node ids as operators write them, and awkward ones: non-ASCII, astral plane, '#' and digits
// (a member "a#1" must not be confused with point 1 of "a").
const plainMemberArb = fc.stringMatching(/^[a-z]{2,4}-[a-z0-9]{1,10}$/);
const awkwardMemberArb = fc.oneof(
  plainMemberArb,
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
  fc.constantFrom('a', 'a#1', 'a#', '#', 'hcm-1', 'hcm-10', 'kho-hà-nội', '倉庫-1', '\u{1F4E6}'),
);
const orderIdArb = fc
  .tuple(fc.constantFrom(...REGIONS), fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 26, maxLength: 26 }))
  .map(([region, ulid]) => `${region}-${ulid}`);
const anyKeyArb = fc.oneof(orderIdArb, fc.string());

describe('HashRing construction', () => {
  it('should sort and deduplicate members and expose size and vnodes', () => {
    const ring = new HashRing(['hn-2', 'hcm-1', 'hn-2', 'dn-1'], { vnodes: 8 });
    assert.deepEqual(ring.members, ['dn-1', 'hcm-1', 'hn-2']);
    assert.equal(ring.size, 3);
    assert.equal(ring.vnodes, 8);
    assert.ok(Object.isFrozen(ring.members));
  });

  it('should default to DEFAULT_VNODES', () => {
    assert.equal(new HashRing(['a']).vnodes, DEFAULT_VNODES);
    assert.equal(DEFAULT_VNODES, 4096);
    assert.equal(DEFAULT_LOAD_BOUND, 1.25);
  });

  it('should not be affected by later changes to the input array', () => {
    const input = ['b', 'a'];
    const ring = new HashRing(input, { vnodes: 4 });
    input.push('c');
    assert.deepEqual(ring.members, ['a', 'b']);
  });

  it('should reject vnodes that are not integers in [1, 65536]', () => {
    for (const vnodes of [0, -1, 1.5, Number.NaN, 65_537, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new HashRing(['a'], { vnodes }), RangeError, `vnodes ${vnodes}`);
    }
    assert.equal(new HashRing(['a'], { vnodes: 1 }).vnodes, 1);
  });

  it('should reject empty member ids and ids with lone surrogates', () => {
    for (const bad of ['', 'node-\uD800', '\uDC00x']) {
      assert.throws(() => new HashRing(['ok', bad]), RangeError, JSON.stringify(bad));
    }
    assert.doesNotThrow(() => new HashRing(['node-\u{1F4E6}'], { vnodes: 2 }));
  });

  it('should answer undefined / empty for an empty ring', () => {
    const ring = new HashRing([]);
    assert.equal(ring.size, 0);
    assert.equal(ring.owner('HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV'), undefined);
    assert.deepEqual(ring.candidates('HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV'), []);
    assert.equal(ring.ownerWithBoundedLoad('HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV', () => 0, DEFAULT_LOAD_BOUND), undefined);
    assert.equal(ring.shares().size, 0);
  });
});

describe('HashRing against the naive model', () => {
  it('should agree on owner and candidates for any members, vnodes and keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(awkwardMemberArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(anyKeyArb, { maxLength: 20 }),
        (members, vnodes, keys) => {
          const ring = new HashRing(members, { vnodes });
          const points = modelPoints(members, vnodes);
          // Keys that are point names hash exactly onto a point: the boundary of each arc.
          const boundary = members.flatMap((m) => [`${m}#0`, `${m}#${vnodes - 1}`]);
          for (const key of [...keys, ...boundary]) {
            const want = modelCandidates(points, key);
            assert.equal(ring.owner(key), want[0], `owner(${JSON.stringify(key)})`);
            assert.deepEqual(ring.candidates(key), want, `candidates(${JSON.stringify(key)})`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should give a key that is a point name to that point\'s member', () => {
    const ring = new HashRing(['hcm-1', 'hcm-2', 'hcm-3'], { vnodes: 64 });
    const points = modelPoints(ring.members, 64);
    for (const member of ring.members) {
      for (let i = 0; i < 64; i++) {
        const key = `${member}#${i}`;
        const h = hashOf(key);
        // Another member wins only if its point has the very same hash and sorts first.
        const first = points.find((p) => p.hash === h)!;
        assert.equal(ring.owner(key), first.member, key);
      }
    }
  });

  it('should break a hash collision between two members by member name, in any input order', () => {
    // murmur3('hcm-2092#0') === murmur3('hcm-10523#0') === 0x50e42436 (found by a birthday
    // search). At 4096 vnodes a 100-member ring holds about 20 such collisions, so the
    // tie-break must be the same on every router: the smaller name ('hcm-10523') comes first.
    assert.equal(hashOf('hcm-2092#0'), hashOf('hcm-10523#0'));
    for (const members of [['hcm-2092', 'hcm-10523'], ['hcm-10523', 'hcm-2092']]) {
      const ring = new HashRing(members, { vnodes: 1 });
      for (const key of ['hcm-2092#0', 'hcm-10523#0', 'HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV', '']) {
        assert.equal(ring.owner(key), 'hcm-10523', key);
        assert.deepEqual(ring.candidates(key), ['hcm-10523', 'hcm-2092']);
      }
      assert.deepEqual(ring.shares(), new Map([['hcm-10523', 1], ['hcm-2092', 0]]));
    }
  });

  it('should number points past 9999 the same way as the model', () => {
    // The ring assembles the decimal suffix byte by byte; check every digit-count boundary.
    const vnodes = 10_001;
    const ring = new HashRing(['a', 'b'], { vnodes });
    const points = modelPoints(['a', 'b'], vnodes);
    for (const i of [0, 9, 10, 99, 100, 999, 1000, 9999, 10_000]) {
      for (const m of ['a', 'b']) {
        const key = `${m}#${i}`;
        assert.equal(ring.owner(key), modelCandidates(points, key)[0], key);
      }
    }
  });

  it('should compute shares as the exact arc lengths of the model', () => {
    fc.assert(
      fc.property(fc.uniqueArray(plainMemberArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 16 }), (members, vnodes) => {
        const points = modelPoints(members, vnodes);
        const want = new Map<string, number>(members.map((m) => [m, 0]));
        points.forEach((p, j) => {
          const prev = j === 0 ? points[points.length - 1]!.hash - 2 ** 32 : points[j - 1]!.hash;
          want.set(p.member, want.get(p.member)! + (p.hash - prev));
        });
        const got = new HashRing(members, { vnodes }).shares();
        assert.equal(got.size, want.size);
        for (const [m, arc] of want) assert.equal(got.get(m), arc / 2 ** 32, m);
      }),
      { numRuns: 200 },
    );
  });
});

describe('HashRing determinism', () => {
  it('should give the same owner, candidates and shares whatever the order of the members', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(awkwardMemberArb, { minLength: 1, maxLength: 12 }).chain((members) =>
          fc.tuple(fc.constant(members), fc.shuffledSubarray(members, { minLength: members.length })),
        ),
        fc.array(anyKeyArb, { minLength: 1, maxLength: 50 }),
        ([members, shuffled], keys) => {
          const a = new HashRing(members, { vnodes: 32 });
          const b = new HashRing([...shuffled, ...shuffled.slice(0, 2)], { vnodes: 32 });
          assert.deepEqual(b.members, a.members);
          for (const key of keys) {
            assert.equal(b.owner(key), a.owner(key));
            assert.deepEqual(b.candidates(key), a.candidates(key));
          }
          assert.deepEqual(b.shares(), a.shares());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('should keep the owners pinned below (a changed ring definition must be a conscious change)', () => {
    // Routers of two versions run side by side during a rolling deploy and must agree. These
    // owners were computed by the naive model above; if this test fails, the hash, the point
    // names or the default vnodes changed, and with them the owner of most orders.
    const ring = new HashRing(['hcm-1', 'hcm-2', 'hcm-3']);
    const pinned: ReadonlyArray<readonly [string, string]> = PINNED_OWNERS;
    for (const [key, owner] of pinned) assert.equal(ring.owner(key), owner, key);
  });
});

describe('HashRing.candidates', () => {
  it('should list distinct members starting with the owner, up to the limit', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(plainMemberArb, { minLength: 1, maxLength: 20 }),
        orderIdArb,
        fc.integer({ min: 0, max: 25 }),
        (members, key, limit) => {
          const ring = new HashRing(members, { vnodes: 16 });
          const all = ring.candidates(key);
          assert.equal(all.length, ring.size);
          assert.equal(new Set(all).size, all.length);
          assert.deepEqual([...all].sort(), ring.members);
          assert.equal(all[0], ring.owner(key));
          assert.deepEqual(ring.candidates(key, limit), all.slice(0, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should floor a fractional limit and reject a negative or NaN one', () => {
    const ring = new HashRing(['a', 'b', 'c'], { vnodes: 8 });
    assert.equal(ring.candidates('k', 2.9).length, 2);
    assert.deepEqual(ring.candidates('k', 0), []);
    assert.throws(() => ring.candidates('k', -1), RangeError);
    assert.throws(() => ring.candidates('k', Number.NaN), RangeError);
  });

  it('should stay correct across many calls (visit marks are reused between calls)', () => {
    const ring = new HashRing(['a', 'b', 'c', 'd'], { vnodes: 8 });
    const keys = sampleOrderIds(7, 2000);
    const first = keys.map((k) => ring.candidates(k));
    keys.forEach((k, n) => assert.deepEqual(ring.candidates(k), first[n]));
  });
});

describe('HashRing.ownerWithBoundedLoad', () => {
  const ring = new HashRing(['hcm-1', 'hcm-2', 'hcm-3', 'hcm-4']);
  const key = 'HCM-01JDQ8V2X6W3K9M4N5P7R8S9T0';

  it('should spill from a hot owner to the next candidate', () => {
    const [owner, next, third] = ring.candidates(key);
    assert.ok(owner && next && third);
    const hot = (m: string): number => (m === owner ? 100 : 10);
    assert.equal(ring.ownerWithBoundedLoad(key, hot, DEFAULT_LOAD_BOUND), next);
    // Over the bound too: the walk goes on to the third.
    const twoHot = (m: string): number => (m === owner || m === next ? 100 : 10);
    assert.equal(ring.ownerWithBoundedLoad(key, twoHot, DEFAULT_LOAD_BOUND), third);
  });

  it('should keep the owner while its load is just under the bound and spill at the bound', () => {
    const [owner, next] = ring.candidates(key);
    // Others at 10: capacity = 1.25 × (30 + x + 1) / 4. x = 13: 13 < 13.75 keeps the owner;
    // x = 14: 14 < 14.06 keeps it; x = 15: 15 < 14.375 is false, so it spills.
    const withOwnerAt = (x: number) => (m: string): number => (m === owner ? x : 10);
    assert.equal(ring.ownerWithBoundedLoad(key, withOwnerAt(13), DEFAULT_LOAD_BOUND), owner);
    assert.equal(ring.ownerWithBoundedLoad(key, withOwnerAt(14), DEFAULT_LOAD_BOUND), owner);
    assert.equal(ring.ownerWithBoundedLoad(key, withOwnerAt(15), DEFAULT_LOAD_BOUND), next);
  });

  it('should treat a member exactly at capacity as full', () => {
    // Two members, bound 1, loads 3 and 2: capacity = 1 × (5 + 1) / 2 = 3, the paper's
    // ⌈(1 + ε) m / n⌉ with the new key counted, and a bin holding 3 of 3 takes no more.
    const pair = new HashRing(['hcm-1', 'hcm-2'], { vnodes: 64 });
    const [owner, next] = pair.candidates(key);
    const loadOf = (m: string): number => (m === owner ? 3 : 2);
    assert.equal(pair.ownerWithBoundedLoad(key, loadOf, 1), next);
    assert.equal(pair.ownerWithBoundedLoad(key, (m) => (m === owner ? 2 : 3), 1), owner);
  });

  it('should never spill in an idle cluster or one with equal loads', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(plainMemberArb, { minLength: 1, maxLength: 12 }),
        orderIdArb,
        fc.oneof(fc.constant(0), fc.nat(1000), fc.double({ min: 0, max: 1e6, noNaN: true })),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (members, id, load, bound) => {
          const r = new HashRing(members, { vnodes: 16 });
          assert.equal(r.ownerWithBoundedLoad(id, () => load, bound), r.owner(id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should return the first candidate under capacity, which always exists for loadBound >= 1', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(plainMemberArb, { minLength: 1, maxLength: 10 }),
        orderIdArb,
        fc.array(fc.oneof(fc.nat(50), fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), {
          minLength: 10,
          maxLength: 10,
        }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (members, id, loadList, bound) => {
          const r = new HashRing(members, { vnodes: 16 });
          const loads = new Map(r.members.map((m, n) => [m, loadList[n]!]));
          const loadOf = (m: string): number => loads.get(m)!;
          const total = r.members.reduce((sum, m) => sum + loadOf(m), 0);
          const capacity = (bound * (total + 1)) / r.size;
          const want = r.candidates(id).find((m) => loadOf(m) < capacity);
          assert.ok(want !== undefined, 'someone is always under capacity');
          assert.equal(r.ownerWithBoundedLoad(id, loadOf, bound), want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('should call loadOf exactly once per member', () => {
    const calls = new Map<string, number>();
    ring.ownerWithBoundedLoad(key, (m) => {
      calls.set(m, (calls.get(m) ?? 0) + 1);
      return 1;
    }, DEFAULT_LOAD_BOUND);
    assert.deepEqual([...calls.entries()].sort(), ring.members.map((m) => [m, 1]));
  });

  it('should fall back to the plain owner when no load is comparable (NaN)', () => {
    assert.equal(ring.ownerWithBoundedLoad(key, () => Number.NaN, DEFAULT_LOAD_BOUND), ring.owner(key));
  });

  it('should reject a load bound below 1 or NaN', () => {
    for (const bound of [0.99, 0, -1, Number.NaN]) {
      assert.throws(() => ring.ownerWithBoundedLoad(key, () => 0, bound), RangeError, String(bound));
    }
  });

  it('should give the same answer when loadOf itself routes through the ring', () => {
    const [owner] = ring.candidates(key);
    const hot = (m: string): number => (m === owner ? 100 : 10);
    const want = ring.ownerWithBoundedLoad(key, hot, DEFAULT_LOAD_BOUND);
    const nested = (m: string): number => {
      // A nested lookup with different loads in the middle of the outer one's snapshot.
      ring.ownerWithBoundedLoad(`${m}-other`, () => 7, DEFAULT_LOAD_BOUND);
      return hot(m);
    };
    assert.equal(ring.ownerWithBoundedLoad(key, nested, DEFAULT_LOAD_BOUND), want);
    assert.equal(ring.ownerWithBoundedLoad(key, hot, DEFAULT_LOAD_BOUND), want);
  });
});

describe('HashRing.shares', () => {
  it('should sum to 1 with every member present and in [0, 1]', () => {
    fc.assert(
      fc.property(fc.uniqueArray(awkwardMemberArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (members, vnodes) => {
        const shares = new HashRing(members, { vnodes }).shares();
        assert.equal(shares.size, members.length);
        let sum = 0;
        for (const share of shares.values()) {
          assert.ok(share >= 0 && share <= 1, String(share));
          sum += share;
        }
        assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
      }),
      { numRuns: 200 },
    );
  });

  it('should give a single member the whole space, even with one point', () => {
    assert.deepEqual(new HashRing(['only'], { vnodes: 1 }).shares(), new Map([['only', 1]]));
  });
});

// Computed with the naive model (modelCandidates) at DEFAULT_VNODES = 4096 over the members
// hcm-1, hcm-2, hcm-3; see 'should keep the owners pinned below'.
const PINNED_OWNERS: ReadonlyArray<readonly [string, string]> = [
  ['HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV', 'hcm-3'],
  ['HCM-01JDQ8V2X6W3K9M4N5P7R8S9T0', 'hcm-3'],
  ['HN-01JDQ8V2X6W3K9M4N5P7R8S9T1', 'hcm-2'],
  ['DN-7ZZZZZZZZZZZZZZZZZZZZZZZZZ', 'hcm-3'],
  ['HCM-00000000000000000000000000', 'hcm-3'],
  ['HCM-01JDQ9AAAAAAAAAAAAAAAAAAAA', 'hcm-1'],
  ['HCM-01JDQ9AAAAAAAAAAAAAAAAAAAB', 'hcm-1'],
  ['HN-01HZY5G8W0B7QJ6YDKX3C2M4NE', 'hcm-2'],
  ['DN-01HZY5G8W0B7QJ6YDKX3C2M4NF', 'hcm-2'],
  ['HCM-01KAB00000000000000000000Z', 'hcm-3'],
];
