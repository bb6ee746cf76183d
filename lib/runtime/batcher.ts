/** Options of {@link Batcher}. */
export interface BatcherOptions<In, Out> {
  /**
   * Applies one batch and answers each item, in the order given: an `Out`, or an Error for that
   * item alone. A throw fails every item of the batch with that error.
   */
  run: (items: In[]) => Promise<Array<Out | Error>>;
  /** Most items in one batch (the rest wait for the next). */
  maxBatch: number;
  /** Batches under way at once; more items wait and join the next batch. Default 1. */
  maxInFlight?: number;
}

interface Waiting<In, Out> {
  item: In;
  /** Why the caller is gone, if it is: checked when a batch is formed, the item is then dropped. */
  ended: (() => Error | undefined) | undefined;
  resolve: (value: Out) => void;
  reject: (err: Error) => void;
}

/**
 * Group commit without a timer. An item that arrives while no batch is under way is applied at
 * once, alone: no added latency when idle. Items that arrive while batches are under way wait,
 * and all of them go together in the next batch when one finishes, so under load the batch
 * grows to what arrived during one round trip (one transaction, one fsync, for many requests).
 * The same "natural batching" as TigerBeetle's and Postgres's own commit_delay-free group
 * commit: the batch size adapts to the load by itself.
 */
export class Batcher<In, Out> {
  private readonly queue: Waiting<In, Out>[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  /** Sizes of the batches applied, for statistics (cleared by {@link takeBatchSizes}). */
  private sizes: number[] = [];

  constructor(private readonly options: BatcherOptions<In, Out>) {
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /**
   * Adds `item` to the next batch; settles with its own answer. `ended` says why the caller is
   * gone (its deadline passed, it cancelled), if it is: it is asked when the batch that would
   * carry the item is formed, and an ended item is left out and rejects with that error, so a
   * dead call adds no work to the batch. Once its batch has started, the item is applied either way.
   */
  submit(item: In, ended?: () => Error | undefined): Promise<Out> {
    const gone = ended?.();
    if (gone) return Promise.reject(gone);
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, ended, resolve, reject });
      this.pump();
    });
  }

  /** Items waiting for a batch. */
  get waiting(): number {
    return this.queue.length;
  }

  /** The sizes of the batches applied since the last call. */
  takeBatchSizes(): number[] {
    const sizes = this.sizes;
    this.sizes = [];
    return sizes;
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.dropEnded() > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      if (this.sizes.length < 10_000) this.sizes.push(batch.length);
      void this.apply(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** Rejects and removes the waiting items whose callers are gone; returns how many are left. */
  private dropEnded(): number {
    let kept = 0;
    for (const w of this.queue) {
      const gone = w.ended?.();
      if (gone) w.reject(gone);
      else this.queue[kept++] = w;
    }
    this.queue.length = kept;
    return kept;
  }

  private async apply(batch: Waiting<In, Out>[]): Promise<void> {
    let answers: Array<Out | Error>;
    try {
      answers = await this.options.run(batch.map((w) => w.item));
    } catch (err) {
      for (const w of batch) w.reject(err as Error);
      return;
    }
    batch.forEach((w, i) => {
      const answer = answers[i];
      if (answer instanceof Error) w.reject(answer);
      else if (answer === undefined) w.reject(new Error('the batch gave this item no answer'));
      else w.resolve(answer);
    });
  }
}
