import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { tracer } from './telemetry.js';

/**
 * Runs `fn` inside a child span of the active one; the span records a thrown error and ends
 * when `fn` settles. Used for database work and background steps of an order.
 */
export async function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
