/**
 * Benchmark of the hash ring (not a test; timing belongs here, not in assertions).
 *
 *   node --conditions=ordermesh-source --import tsx lib/ring/ring.bench.ts            table: build time, lookups/s, balance
 *   node --conditions=ordermesh-source --import tsx lib/ring/ring.bench.ts --json     the same as one JSON document
 *   node --conditions=ordermesh-source --import tsx lib/ring/ring.bench.ts --sweep    also the vnode sweep behind DEFAULT_VNODES
 *       [--memberships=500]                             random memberships per sweep cell
 *
 * Keys are 100k random order ids (`HCM-<26 Crockford chars>`, fixed seed) cycled through, so
 * they do not all sit in the CPU cache, as in a gateway. Each figure is the median of 5 trials.
 */
import { cpus } from 'node:os';
import { DEFAULT_LOAD_BOUND, DEFAULT_VNODES, HashRing } from './index.js';
import { seededUint32 } from '../runtime/index.js';
import { sampleOrderIds } from './sample-ids.js';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const sweep = args.includes('--sweep');
const membershipsArg = args.find((a) => a.startsWith('--memberships='));
const memberships = membershipsArg ? Number(membershipsArg.split('=')[1]) : 500;
if (!Number.isInteger(memberships) || memberships < 1) throw new RangeError(`--memberships must be a positive integer`);

const SIZES = [3, 10, 100] as const;
const TRIALS = 5;
const KEYS = sampleOrderIds(1, 100_000);
/** Lookups per trial: enough for ~100 ms at a few million per second. */
const LOOKUPS = 400_000;
/** The balance goal of docs/ring.md. */
const GOAL = 1.1;

/** Sinks results so the JIT cannot drop the lookups. */
let sink = 0;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Median over trials of lookups per second of `lookup` over the key set. */
function rate(lookup: (key: string) => string | undefined): number {
  const trials: number[] = [];
  for (let t = 0; t <= TRIALS; t++) {
    const start = process.hrtime.bigint();
    for (let n = 0, k = 0; n < LOOKUPS; n++) {
      sink += lookup(KEYS[k]!)!.length;
      if (++k === KEYS.length) k = 0;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (t > 0) trials.push(LOOKUPS / seconds); // trial 0 warms the JIT up
  }
  return median(trials);
}

function nodeIds(count: number, seed?: number): string[] {
  if (seed === undefined) return Array.from({ length: count }, (_, i) => `hcm-${i + 1}`);
  const next = seededUint32(seed);
  return Array.from({ length: count }, (_, i) => `${['hcm', 'hn', 'dn'][i % 3]!}-${next().toString(36)}`);
}

function buildMs(members: readonly string[], vnodes: number, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    new HashRing(members, { vnodes });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function maxOverMean(values: Iterable<number>, count: number, total: number): number {
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  return max / (total / count);
}

interface Row {
  members: number;
  vnodes: number;
  points: number;
  buildMs: number;
  ownerPerSec: number;
  boundedPerSec: number;
  shareMaxOverMean: number;
  loadMaxOverMean: number;
}

function measure(size: number): Row {
  const members = nodeIds(size);
  const ring = new HashRing(members);
  // In-flight loads around 10 with one hot member at 3× the others, so some bounded lookups
  // walk past the owner as they would in production.
  const next = seededUint32(size);
  const loads = new Map(members.map((m, i) => [m, i === 0 ? 30 : 5 + (next() % 11)]));
  const loadOf = (m: string): number => loads.get(m) ?? 0;
  const counts = new Map<string, number>(members.map((m) => [m, 0]));
  for (const key of KEYS) {
    const owner = ring.owner(key)!;
    counts.set(owner, counts.get(owner)! + 1);
  }
  return {
    members: size,
    vnodes: ring.vnodes,
    points: size * ring.vnodes,
    buildMs: buildMs(members, DEFAULT_VNODES, size === 100 ? 11 : 31),
    ownerPerSec: rate((k) => ring.owner(k)),
    boundedPerSec: rate((k) => ring.ownerWithBoundedLoad(k, loadOf, DEFAULT_LOAD_BOUND)),
    shareMaxOverMean: maxOverMean(ring.shares().values(), size, 1),
    loadMaxOverMean: maxOverMean(counts.values(), size, KEYS.length),
  };
}

interface SweepCell {
  vnodes: number;
  members: number;
  memberships: number;
  median: number;
  p99: number;
  worst: number;
  overGoal: number;
  buildMs: number;
}

/** Max/mean share over random memberships for each vnode count: how DEFAULT_VNODES was chosen. */
function runSweep(): SweepCell[] {
  const cells: SweepCell[] = [];
  for (const vnodes of [256, 512, 1024, 2048, 4096, 8192]) {
    for (const size of SIZES) {
      const ratios: number[] = [];
      let spent = 0;
      for (let s = 0; s < memberships; s++) {
        const members = nodeIds(size, vnodes * 1_000_003 + size * 7919 + s);
        const start = process.hrtime.bigint();
        const ring = new HashRing(members, { vnodes });
        spent += Number(process.hrtime.bigint() - start) / 1e6;
        ratios.push(maxOverMean(ring.shares().values(), size, 1));
      }
      ratios.sort((a, b) => a - b);
      cells.push({
        vnodes,
        members: size,
        memberships,
        median: quantile(ratios, 0.5),
        p99: quantile(ratios, 0.99),
        worst: ratios[ratios.length - 1]!,
        overGoal: ratios.filter((r) => r > GOAL).length / ratios.length,
        buildMs: spent / memberships,
      });
      if (!asJson) process.stderr.write('.');
    }
  }
  if (!asJson) process.stderr.write('\n');
  return cells;
}

const rows = SIZES.map(measure);
const sweepCells = sweep ? runSweep() : undefined;
const environment = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length };

if (asJson) {
  const doc = { environment, defaultVnodes: DEFAULT_VNODES, keys: KEYS.length, rows, sweep: sweepCells };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
} else {
  const f = (n: number, digits = 2): string => n.toFixed(digits);
  console.log(`ring bench: ${environment.node}, ${environment.cpu} × ${environment.cpus}, vnodes ${DEFAULT_VNODES}, ${KEYS.length} keys`);
  console.log('');
  console.log('| members | points | build ms | owner() M/s | ownerWithBoundedLoad() M/s | share max/mean | 100k ids max/mean |');
  console.log('|--------:|-------:|---------:|------------:|---------------------------:|---------------:|------------------:|');
  for (const r of rows) {
    console.log(
      `| ${r.members} | ${r.points} | ${f(r.buildMs)} | ${f(r.ownerPerSec / 1e6)} | ${f(r.boundedPerSec / 1e6)} | ${f(r.shareMaxOverMean, 4)} | ${f(r.loadMaxOverMean, 4)} |`,
    );
  }
  if (sweepCells) {
    console.log('');
    console.log(`vnode sweep: max/mean share over ${memberships} random memberships per cell`);
    console.log('');
    console.log('| vnodes | members | median | p99 | worst | share of memberships > 1.10 | build ms |');
    console.log('|-------:|--------:|-------:|----:|------:|----------------------------:|---------:|');
    for (const c of sweepCells) {
      console.log(
        `| ${c.vnodes} | ${c.members} | ${f(c.median, 4)} | ${f(c.p99, 4)} | ${f(c.worst, 4)} | ${(c.overGoal * 100).toFixed(1)}% | ${f(c.buildMs)} |`,
      );
    }
  }
}
if (sink === 0) console.error('unreachable: keeps the lookups observable');
