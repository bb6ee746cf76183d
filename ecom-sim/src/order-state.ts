/** One order's state as the simulator knows it, and the end of its root span. */
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { traceIdOf } from '#lib/telemetry/index.js';
import type { OrderStatusName } from './order-statuses.js';
import type { OrderPlan } from './plan.js';

/** One order's state, as the simulator knows it. */
export interface OrderState {
  plan: OrderPlan;
  /** The order's root span; dropped once ended (a long run keeps every order's state). */
  span: Span | undefined;
  traceId: string;
  orderId: string;
  /** performance.now() when its first CreateOrder started. */
  createdAtMs: number;
  acknowledged: boolean;
  status: OrderStatusName | undefined;
  totalCents: number;
  /** From creation to the final status (server timestamps), set by the first answer showing it final. */
  finalAfterMs: number | undefined;
  /** A GetOrder answered with a final status. */
  confirmedFinal: boolean;
  lost: boolean;
  paymentSent: boolean;
  paymentAccepted: boolean;
}

/** The state of an order about to be placed, under its root span. */
export function newOrderState(plan: OrderPlan, span: Span): OrderState {
  return {
    plan,
    span,
    traceId: traceIdOf(span),
    orderId: '',
    createdAtMs: performance.now(),
    acknowledged: false,
    status: undefined,
    totalCents: 0,
    finalAfterMs: undefined,
    confirmedFinal: false,
    lost: false,
    paymentSent: false,
    paymentAccepted: false,
  };
}

/**
 * Ends the order's root span once, with its outcome (final, lost, stuck, not-acknowledged); any
 * outcome but final marks the span as an error.
 */
export function endOrderSpan(state: OrderState): void {
  const { span } = state;
  if (!span) return;
  state.span = undefined;
  const outcome = !state.acknowledged ? 'not-acknowledged' : state.lost ? 'lost' : state.confirmedFinal ? 'final' : 'stuck';
  span.setAttribute('ordermesh.order_id', state.orderId);
  span.setAttribute('ordermesh.order.status', state.status ?? '');
  span.setAttribute('ecom.outcome', outcome);
  if (outcome !== 'final') span.setStatus({ code: SpanStatusCode.ERROR, message: `order ${outcome}` });
  span.end();
}
