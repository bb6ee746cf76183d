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

  /** Adds `item` to the next batch; settles with its own answer. */
  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
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
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      if (this.sizes.length < 10_000) this.sizes.push(batch.length);
      void this.apply(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
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
