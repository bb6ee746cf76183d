/**
 * Latency statistics shared by ecom-sim and the benchmarks: exact series (no histogram
 * buckets) and nearest-rank percentiles.
 */

/** Percentiles of a set of durations, in ms; zeros when the set is empty. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/**
 * The nearest-rank percentile `p` (0 < p ≤ 100) of ascending `sorted` values: the smallest value
 * at least p% of the values are less than or equal to. 0 for an empty list.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

/** p50/p90/p99/max/mean of `values` (any order; not modified). */
export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    meanMs: sorted.length ? sum / sorted.length : 0,
  };
}

/** Durations kept exactly, 8 bytes each, in a buffer that grows by doubling. */
export class LatencySeries {
  private values = new Float64Array(1024);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  get count(): number {
    return this.size;
  }

  summary(): LatencySummary {
    return summarizeLatencies(this.values.subarray(0, this.size));
  }

  /** The recorded values, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.values.slice(0, this.size).sort();
  }
}

