import { sql } from 'drizzle-orm';
import { query, type Db } from '../db/database.js';

/** One payment callback as recorded (ConfirmPayment records each payment_id once). */
export interface PaymentRow {
  paymentId: string;
  amountCents: number;
  succeeded: boolean;
  failureReason: string;
  createdAt: Date;
}

/** The order's delivery to the warehouse backend (its outbox row), written with PAID. */
export interface DeliveryRow {
  createdAt: Date;
  deliveredAt: Date | null;
  attempts: number;
  lastError: string;
  nextAttemptAt: Date;
}

/** What the database keeps about an order's story besides the order row itself. */
export interface OrderHistoryRows {
  /** Oldest first. */
  payments: PaymentRow[];
  delivery: DeliveryRow | undefined;
}

/**
 * Reads an order's payments and its delivery (outbox row): two indexed lookups by order id, read
 * only. The order itself comes from OrderStore.getOrder.
 */
export async function readOrderHistory(db: Db, orderId: string): Promise<OrderHistoryRows> {
  const [payments, deliveries] = await query(() =>
    Promise.all([
      db.execute<{ payment_id: string; amount_cents: string; succeeded: boolean; failure_reason: string; created_at: string | Date }>(sql`
        SELECT payment_id, amount_cents, succeeded, failure_reason, created_at FROM payments
        WHERE order_id = ${orderId} ORDER BY created_at, payment_id`),
      db.execute<{ created_at: string | Date; delivered_at: string | Date | null; attempts: number; last_error: string; next_attempt_at: string | Date }>(sql`
        SELECT created_at, delivered_at, attempts, last_error, next_attempt_at FROM outbox WHERE order_id = ${orderId}`),
    ]),
  );
  const delivery = deliveries[0];
  return {
    payments: payments.map((p) => ({
      paymentId: p.payment_id,
      amountCents: Number(p.amount_cents),
      succeeded: p.succeeded,
      failureReason: p.failure_reason,
      createdAt: new Date(p.created_at),
    })),
    delivery: delivery && {
      createdAt: new Date(delivery.created_at),
      deliveredAt: delivery.delivered_at === null ? null : new Date(delivery.delivered_at),
      attempts: Number(delivery.attempts),
      lastError: delivery.last_error,
      nextAttemptAt: new Date(delivery.next_attempt_at),
    },
  };
}
