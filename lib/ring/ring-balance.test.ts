/**
 * Property tests of the ring at its default vnode count: balance and minimal movement.
 *
 * Balance goal: max load / mean load <= 1.10 for 3, 10 and 100 members at DEFAULT_VNODES.
 *
 * Two sources of imbalance are checked separately, because only one of them is the ring's:
 *  - the ring's shares of the hash space (no sampling). This is what the vnode count controls,
 *    and the goal is asserted on it as it stands: max share / mean share <= 1.10.
 *  - the load of 100k random order ids. On top of the shares it has sampling noise: 100k ids
 *    over 100 members is 1000 per member, whose Poisson spread (±3.2%) alone puts the largest of
 *    the 100 at 1.08 on average and above 1.10 in one draw in 14 (simulated: a perfect ring,
 *    2000 draws), whatever the vnode count.
 *    So the observed bound is the goal for 3 and 10 members, where the noise is ±0.5% / ±1%,
 *    and 1.20 for 100 members: 5.7 standard deviations of shares plus sampling at 4096 vnodes,
 *    a false alarm about once in 10⁶ runs. Each member's count is also checked against its
 *    share (within 6 binomial standard deviations), which ties the observed loads to the shares.
 *
 * Measured at 4096 vnodes: the worst value printed (t.diagnostic) over three runs of this file,
 * whose fast-check seeds differ run to run; docs/ring.md has the sweep over 500 memberships.
 *   shares max/mean      3 members 1.034, 10 members 1.043, 100 members 1.049
 *   100k ids max/mean    3 members 1.018, 10 members 1.047, 100 members 1.100
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_VNODES, HashRing } from './index.js';
import { sampleOrderIds } from './sample-ids.js';

/** The balance goal on the ring's shares. */
const BALANCE_GOAL = 1.1;
/** Bound on max/mean of 100k observed ids per member count; see the file comment. */
const OBSERVED_BOUND: Readonly<Record<number, number>> = { 3: 1.1, 10: 1.1, 100: 1.2 };
const IDS_PER_RUN = 100_000;

// Random node ids shaped like real ones, so no run depends on lucky names.
const memberIdArb = fc.stringMatching(/^(hcm|hn|dn)-[a-z0-9]{1,12}$/);
const membersArb = (count: number) => fc.uniqueArray(memberIdArb, { minLength: count, maxLength: count });
const seedArb = fc.integer({ min: 0, max: 0xffffffff });
// endOnFailure: each run routes tens of thousands of ids, and shrinking member names would not
// make a balance failure any clearer; the counterexample and seed are reported as found.

function maxOverMean(values: Iterable<number>, count: number, total: number): number {
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  return max / (total / count);
}

function ownerCounts(ring: HashRing, ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>(ring.members.map((m) => [m, 0]));
  for (const id of ids) {
    const owner = ring.owner(id)!;
    counts.set(owner, counts.get(owner)! + 1);
  }
  return counts;
}

describe(`ring balance at DEFAULT_VNODES (${DEFAULT_VNODES})`, () => {
  const cases: ReadonlyArray<readonly [members: number, runs: number]> = [
    [3, 30],
    [10, 20],
    [100, 8],
  ];
  for (const [size, runs] of cases) {
    it(`should give ${size} members max/mean share <= ${BALANCE_GOAL}`, (t: TestContext) => {
      let worst = 0;
      fc.assert(
        fc.property(membersArb(size), (members) => {
          const ratio = maxOverMean(new HashRing(members).shares().values(), size, 1);
          worst = Math.max(worst, ratio);
          assert.ok(ratio <= BALANCE_GOAL, `max/mean share ${ratio.toFixed(4)} over ${BALANCE_GOAL}`);
        }),
        { numRuns: runs, endOnFailure: true },
      );
      t.diagnostic(`${size} members: worst max/mean share over ${runs} memberships ${worst.toFixed(4)}`);
    });
  }

  for (const [size, runs] of [[3, 3], [10, 3], [100, 3]] as const) {
    const bound = OBSERVED_BOUND[size]!;
    it(`should give ${size} members max/mean load <= ${bound} over ${IDS_PER_RUN} random ids`, (t: TestContext) => {
      let worst = 0;
      fc.assert(
        fc.property(membersArb(size), seedArb, (members, seed) => {
          const ring = new HashRing(members);
          const counts = ownerCounts(ring, sampleOrderIds(seed, IDS_PER_RUN));
          const ratio = maxOverMean(counts.values(), size, IDS_PER_RUN);
          worst = Math.max(worst, ratio);
          assert.ok(ratio <= bound, `max/mean load ${ratio.toFixed(4)} over ${bound}`);
          for (const [member, share] of ring.shares()) {
            const expected = IDS_PER_RUN * share;
            const sd = Math.sqrt(expected * (1 - share));
            const got = counts.get(member)!;
            assert.ok(Math.abs(got - expected) <= 6 * sd, `${member}: ${got} ids, share predicts ${expected.toFixed(0)} ± ${sd.toFixed(0)}`);
          }
        }),
        { numRuns: runs, endOnFailure: true },
      );
      t.diagnostic(`${size} members: worst max/mean load over ${runs} × ${IDS_PER_RUN} ids ${worst.toFixed(4)}`);
    });
  }
});

describe('ring minimal movement', () => {
  // 20k ids per run: enough that a new member (1/2 to 1/13 of the space) receives hundreds.
  const IDS = 20_000;
  const clusterArb = fc.uniqueArray(memberIdArb, { minLength: 2, maxLength: 13 });

  it('should move only the ids that now map to an added member, and all of those', () => {
    fc.assert(
      fc.property(clusterArb, seedArb, (cluster, seed) => {
        const [added, ...members] = cluster as [string, ...string[]];
        const before = new HashRing(members);
        const after = new HashRing([...members, added]);
        let moved = 0;
        let toAdded = 0;
        for (const id of sampleOrderIds(seed, IDS)) {
          const was = before.owner(id);
          const is = after.owner(id);
          if (is === added) toAdded++;
          if (was !== is) {
            moved++;
            assert.equal(is, added, `${id} moved from ${was} to ${is}, not to the added ${added}`);
          }
        }
        assert.equal(moved, toAdded, 'every id of the added member moved to it');
        // Not vacuous: the added member took about its share (6 binomial sd).
        const share = after.shares().get(added)!;
        assert.ok(Math.abs(toAdded - IDS * share) <= 6 * Math.sqrt(IDS * share * (1 - share)) + 1, `added took ${toAdded}`);
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('should move only the removed member\'s ids, each to its next candidate', () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), seedArb, (members, pick, seed) => {
        const removed = members[pick % members.length]!;
        const before = new HashRing(members);
        const after = new HashRing(members.filter((m) => m !== removed));
        let moved = 0;
        let ofRemoved = 0;
        for (const id of sampleOrderIds(seed, IDS)) {
          const was = before.owner(id);
          const is = after.owner(id);
          if (was === removed) {
            ofRemoved++;
            // The retry order was right: the id lands on the removed member's next candidate.
            assert.equal(is, before.candidates(id, 2)[1], `${id} went to ${is}`);
          }
          if (was !== is) {
            moved++;
            assert.equal(was, removed, `${id} moved from ${was}, which was not removed`);
          }
        }
        assert.equal(moved, ofRemoved);
        assert.ok(ofRemoved > 0, 'the removed member owned some ids');
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('should keep candidate lists minus a removed member', () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), seedArb, (members, pick, seed) => {
        const removed = members[pick % members.length]!;
        const before = new HashRing(members);
        const after = new HashRing(members.filter((m) => m !== removed));
        for (const id of sampleOrderIds(seed, 500)) {
          assert.deepEqual(after.candidates(id), before.candidates(id).filter((m) => m !== removed), id);
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });
});
