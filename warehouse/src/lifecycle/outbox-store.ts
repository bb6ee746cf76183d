import type postgres from 'postgres';

/** A line of a delivery: what ShipOrder sends per item. */
export interface DeliveryLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** An outbox row that is due, with what its delivery sends. */
export interface DueDelivery {
  /** The row id: the idempotency key of the delivery. */
  id: string;
  orderId: string;
  attempts: number;
  traceparent: string;
  warehouseId: string;
  items: DeliveryLine[];
}

/** A failed delivery to retry later. */
export interface DeliveryRetry {
  id: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  delayMs: number;
  error: string;
}

interface DueRow {
  id: string;
  order_id: string;
  attempts: number;
  traceparent: string;
  warehouse_id: string;
  skus: string[];
  quantities: number[];
  prices: string[];
}

/**
 * The one owner of the outbox's reads and of its scheduling writes (the rows themselves are
 * written and closed inside the order transitions that make them: PAID inserts, delivery and
 * SHIPPED close). Every statement here is set-based and prepared once by postgres.js: a pass
 * reads its due rows with their lines in one round trip, and schedules all of its retries in
 * one more.
 */
export class OutboxStore {
  /** @param sql the current pool (it changes when the pool is renewed). */
  constructor(private readonly sql: () => postgres.Sql) {}

  /**
   * Up to `limit` undelivered rows due now for orders of `regions`, oldest due first, each with
   * its order's warehouse and lines (in line order), in one query.
   */
  async due(regions: readonly string[], limit: number): Promise<DueDelivery[]> {
    if (regions.length === 0) return [];
    const sql = this.sql();
    const rows = await sql<DueRow[]>`
      SELECT b.id, b.order_id, b.attempts, b.traceparent, b.warehouse_id,
             array_agg(i.sku ORDER BY i.line_no) AS skus,
             array_agg(i.quantity ORDER BY i.line_no) AS quantities,
             array_agg(i.unit_price_cents::text ORDER BY i.line_no) AS prices
      FROM (SELECT b.id, b.order_id, b.attempts, b.traceparent, b.next_attempt_at, o.warehouse_id
            FROM outbox b JOIN orders o ON o.order_id = b.order_id
            WHERE b.delivered_at IS NULL AND b.next_attempt_at <= now() AND o.region = ANY(${sql.array([...regions])}::text[])
            ORDER BY b.next_attempt_at LIMIT ${limit}) b
      JOIN order_items i ON i.order_id = b.order_id
      GROUP BY b.id, b.order_id, b.attempts, b.traceparent, b.next_attempt_at, b.warehouse_id
      ORDER BY b.next_attempt_at`;
    return rows.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      attempts: r.attempts,
      traceparent: r.traceparent,
      warehouseId: r.warehouse_id,
      items: r.skus.map((sku, k) => {
        const quantity = Number(r.quantities[k]);
        const unitPriceCents = Number(r.prices[k]);
        return { sku, quantity, unitPriceCents, lineTotalCents: quantity * unitPriceCents };
      }),
    }));
  }

  /** Schedules the next attempt of every failed delivery in one statement (rows delivered meanwhile are left alone). */
  async scheduleRetries(retries: readonly DeliveryRetry[]): Promise<void> {
    if (retries.length === 0) return;
    const sql = this.sql();
    await sql`
      UPDATE outbox b SET attempts = r.attempt, next_attempt_at = now() + make_interval(secs => r.delay_ms / 1000.0), last_error = r.error
      FROM unnest(${sql.array(retries.map((r) => r.id))}::text[], ${sql.array(retries.map((r) => r.attempt))}::int4[],
                  ${sql.array(retries.map((r) => r.delayMs))}::int8[], ${sql.array(retries.map((r) => r.error.slice(0, 500)))}::text[])
           AS r(id, attempt, delay_ms, error)
      WHERE b.id = r.id AND b.delivered_at IS NULL`;
  }

  /**
   * Finds FULFILLING orders in `regions` whose delivery the backend acknowledged more than
   * `olderThanMs` ago with no SHIPPED report since, keeps those `owns` accepts, and reopens their
   * outbox rows (due now), so the outbox asks the backend again: ShipOrder is idempotent per
   * order id, and a backend that forgot the order (a restart) accepts it again and ships it.
   * Conditional on the row still being delivered that long ago and the order still FULFILLING,
   * so two sweeps reopen a row once. Returns the ids of the orders reopened.
   */
  async reopenStalled(regions: readonly string[], olderThanMs: number, owns: (orderId: string) => boolean, limit = 500): Promise<string[]> {
    if (regions.length === 0) return [];
    const sql = this.sql();
    const seconds = olderThanMs / 1000;
    const candidates = await sql<Array<{ order_id: string }>>`
      SELECT o.order_id FROM orders o JOIN outbox b ON b.order_id = o.order_id
      WHERE o.status = 'FULFILLING' AND o.region = ANY(${sql.array([...regions])}::text[])
        AND b.delivered_at < now() - make_interval(secs => ${seconds})
      ORDER BY b.delivered_at LIMIT ${limit}`;
    const mine = candidates.map((c) => c.order_id).filter(owns);
    if (mine.length === 0) return [];
    const reason = `no SHIPPED report within ${Math.round(seconds)} s of the delivery; asking the backend again`;
    const reopened = await sql<Array<{ order_id: string }>>`
      UPDATE outbox b SET delivered_at = NULL, next_attempt_at = now(), last_error = ${reason}
      WHERE b.order_id = ANY(${sql.array(mine)}::text[]) AND b.delivered_at < now() - make_interval(secs => ${seconds})
        AND EXISTS (SELECT 1 FROM orders o WHERE o.order_id = b.order_id AND o.status = 'FULFILLING')
      RETURNING b.order_id`;
    return reopened.map((r) => r.order_id);
  }

  /**
   * The whole database's backlog, for metrics: rows not yet delivered, and how long the oldest
   * due one has been waiting (0 when none is due). One aggregate over the pending rows' partial
   * index.
   */
  async backlog(): Promise<{ pending: number; oldestDueAgeS: number }> {
    const [row] = await this.sql()<Array<{ pending: string; oldest_due_age_s: string | null }>>`
      SELECT count(*) AS pending, extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now())) AS oldest_due_age_s
      FROM outbox WHERE delivered_at IS NULL`;
    return { pending: Number(row?.pending ?? 0), oldestDueAgeS: Math.max(0, Number(row?.oldest_due_age_s ?? 0)) };
  }

  /**
   * Makes every undelivered row of `regions` that waits for a later retry due now (after the
   * backend came back from an outage). Returns the rows it brought forward with their attempts
   * so far, so the worker can start their backoff over.
   */
  async retryBackedOffNow(regions: readonly string[]): Promise<Array<{ id: string; attempts: number }>> {
    if (regions.length === 0) return [];
    const sql = this.sql();
    return sql<Array<{ id: string; attempts: number }>>`
      UPDATE outbox b SET next_attempt_at = now()
      WHERE b.delivered_at IS NULL AND b.next_attempt_at > now()
        AND EXISTS (SELECT 1 FROM orders o WHERE o.order_id = b.order_id AND o.region = ANY(${sql.array([...regions])}::text[]))
      RETURNING b.id, b.attempts`;
  }

  /** Rows not yet delivered (due or waiting for a retry). */
  async pendingCount(): Promise<number> {
    const [row] = await this.sql()<Array<{ n: string }>>`SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL`;
    return Number(row?.n ?? 0);
  }
}
