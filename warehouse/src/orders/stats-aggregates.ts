import type postgres from 'postgres';
import type { Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';

/**
 * Folds the deltas the triggers appended to order_counts and sales_totals into one row per
 * group, in one transaction. Safe beside other folds and beside writers: a fold deletes only
 * rows its snapshot sees (a concurrent fold that took them first makes it skip them) and
 * inserts their sum, so every total is unchanged at every moment.
 */
export async function foldAggregates(sql: postgres.Sql): Promise<void> {
  await sql.begin((tx) => [
    tx`WITH gone AS (DELETE FROM order_counts RETURNING region, node_id, status, orders)
       INSERT INTO order_counts (region, node_id, status, orders)
       SELECT region, node_id, status, sum(orders) FROM gone GROUP BY region, node_id, status HAVING sum(orders) <> 0`,
    tx`WITH gone AS (DELETE FROM sales_totals RETURNING region, sku, revenue_cents, quantity)
       INSERT INTO sales_totals (region, sku, revenue_cents, quantity)
       SELECT region, sku, sum(revenue_cents), sum(quantity) FROM gone GROUP BY region, sku HAVING sum(quantity) <> 0 OR sum(revenue_cents) <> 0`,
  ]);
}

/** Options of {@link AggregateFolder}. */
export interface AggregateFolderOptions {
  /** The current pool (it changes when the pool is renewed). */
  sql: () => postgres.Sql;
  log: Logger;
  /** Time between folds; default 5 s (a few thousand delta rows at full speed). */
  intervalMs?: number;
}

/** Folds the running aggregates every few seconds, so GetStats sums a small table. */
export class AggregateFolder {
  constructor(private readonly options: AggregateFolderOptions) {}

  /** Folds until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const interval = this.options.intervalMs ?? 5_000;
    while (!signal.aborted) {
      await sleep(interval, signal);
      if (signal.aborted) break;
      try {
        await foldAggregates(this.options.sql());
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message }, 'folding the running aggregates failed');
      }
    }
  }
}
