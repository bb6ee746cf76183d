/** A snapshot of a server's recent load, as reported to etcd and by GetStatus. */
export interface LoadSnapshot {
  inFlight: number;
  ratePerS: number;
  p50Ms: number;
  p99Ms: number;
  served: number;
  failed: number;
}

/**
 * Counts in-flight calls and keeps the latencies of recent ones in a ring buffer, so the load
 * report (about once a second) costs O(window) and the hot path O(1).
 */
export class CallStats {
  private inFlightCount = 0;
  private servedCount = 0;
  private failedCount = 0;
  private readonly latenciesMs: Float64Array;
  private readonly endedAt: Float64Array;
  private next = 0;
  private filled = 0;
  /** The same counts per method, for the calls begun with a method name (a bounded set: the served methods). */
  private readonly byMethod = new Map<string, CallStats>();

  /** @param windowSize how many recent calls the latency percentiles and rate look at. */
  constructor(
    windowSize = 4096,
    private readonly rateWindowMs = 5000,
  ) {
    this.latenciesMs = new Float64Array(windowSize);
    this.endedAt = new Float64Array(windowSize);
  }

  /**
   * Marks a call as started; returns the function that marks it finished. With `method` (the
   * full method name) the call is also counted in that method's own stats ({@link methods}).
   */
  begin(method?: string): (ok: boolean) => void {
    if (method !== undefined) {
      let perMethod = this.byMethod.get(method);
      if (!perMethod) this.byMethod.set(method, (perMethod = new CallStats(1024, this.rateWindowMs)));
      const doneMethod = perMethod.begin();
      const doneAll = this.begin();
      return (ok: boolean) => {
        doneMethod(ok);
        doneAll(ok);
      };
    }
    this.inFlightCount += 1;
    const started = performance.now();
    return (ok: boolean) => {
      const now = performance.now();
      this.inFlightCount -= 1;
      this.servedCount += 1;
      if (!ok) this.failedCount += 1;
      this.latenciesMs[this.next] = now - started;
      this.endedAt[this.next] = now;
      this.next = (this.next + 1) % this.latenciesMs.length;
      this.filled = Math.min(this.filled + 1, this.latenciesMs.length);
    };
  }

  /**
   * Marks a server stream (a watch) as opened; returns the function that marks it closed. It is
   * counted in its method's own stats only ({@link methods}: open streams in flight, each one's
   * life as its latency), not in the total that admission and the load report read: a stream
   * open for hours is not load, and its life is not a latency.
   */
  beginStream(method: string): (ok: boolean) => void {
    let perMethod = this.byMethod.get(method);
    if (!perMethod) this.byMethod.set(method, (perMethod = new CallStats(1024, this.rateWindowMs)));
    return perMethod.begin();
  }

  /** Calls being served now. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** The current load: in-flight, rate and latency over the recent window. */
  snapshot(): LoadSnapshot {
    const now = performance.now();
    const recent: number[] = [];
    let oldest = now;
    for (let i = 0; i < this.filled; i++) {
      const ended = this.endedAt[i] ?? 0;
      if (now - ended <= this.rateWindowMs) {
        recent.push(this.latenciesMs[i] ?? 0);
        oldest = Math.min(oldest, ended);
      }
    }
    recent.sort((a, b) => a - b);
    const pct = (p: number): number => (recent.length ? (recent[Math.min(recent.length - 1, Math.floor(p * recent.length))] ?? 0) : 0);
    // Over a window that is not yet full, divide by the time actually covered.
    const spanS = Math.max((now - oldest) / 1000, 1);
    return {
      inFlight: this.inFlightCount,
      ratePerS: recent.length / Math.min(spanS, this.rateWindowMs / 1000),
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      served: this.servedCount,
      failed: this.failedCount,
    };
  }

  /** The load of each method that has been called with a name, by full method name. */
  methods(): Map<string, LoadSnapshot> {
    return new Map([...this.byMethod].map(([method, stats]) => [method, stats.snapshot()]));
  }
}
