/**
 * A value that is costly to read (a SQL aggregate) for metrics: read at most once per
 * `maxAgeMs`, however often and however many scrapers ask, and never twice at once. A failed read
 * gives undefined (the series disappear from that scrape rather than failing it) and is retried
 * on the next scrape.
 */
export class CachedReading<T> {
  private value: T | undefined;
  private readAt = -Infinity;
  private pending: Promise<T | undefined> | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs = 5_000,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** The cached value when fresh, else a new read. */
  get(): Promise<T | undefined> {
    if (performance.now() - this.readAt < this.maxAgeMs) return Promise.resolve(this.value);
    this.pending ??= this.read().then(
      (value) => {
        this.value = value;
        this.readAt = performance.now();
        this.pending = undefined;
        return value;
      },
      (err: unknown) => {
        this.onError(err);
        this.value = undefined;
        this.pending = undefined;
        return undefined;
      },
    );
    return this.pending;
  }
}
