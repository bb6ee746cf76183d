import { context, propagation, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import { setLogMixin } from '../logging/index.js';

/** Options of {@link startTelemetry}. */
export interface TelemetryOptions {
  /** service.name when OTEL_SERVICE_NAME is not set, e.g. 'ordermesh-warehouse'. */
  serviceName: string;
  /** The OTEL_* variables to honour (the process environment, passed in by the service's config). */
  env: Readonly<Record<string, string | undefined>>;
  /** Extra resource attributes, e.g. { 'ordermesh.node_id': 'hcm-1' }. */
  attributes?: Record<string, string>;
}

/** A started telemetry pipeline. */
export interface Telemetry {
  /** True when spans leave the process (an OTLP or other exporter is configured). */
  readonly exporting: boolean;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * True when the OTEL_* variables ask for spans to be exported. Without an endpoint or an
 * explicit OTEL_TRACES_EXPORTER we record spans but export none, so that a plain `npm start`
 * does not log a connection error per batch to a collector that is not there.
 */
export function exportRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter === 'none') return false;
  return Boolean(exporter || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the OpenTelemetry SDK for this process. The SDK itself reads the standard OTEL_*
 * variables: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL (grpc, http/protobuf,
 * http/json), OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_PROPAGATORS. W3C trace context is the
 * default propagator. Log lines get trace_id and span_id of the active span.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const exporting = exportRequested(options.env);
  const sdk = new NodeSDK({
    serviceName: options.env.OTEL_SERVICE_NAME ?? options.serviceName,
    instrumentations: [],
    // No spanProcessors lets the SDK build exporters from the environment. With no exporter, a
    // tracer provider is still registered, so every order gets a real trace id, but spans are
    // not recorded (AlwaysOff makes each one a non-recording span around a fresh or inherited
    // context): recording spans nobody exports cost about a tenth of a node's CPU.
    ...(exporting ? {} : { spanProcessors: [new tracing.NoopSpanProcessor()], sampler: new tracing.AlwaysOffSampler() }),
    ...(options.attributes ? { resource: resources.resourceFromAttributes(options.attributes) } : {}),
  });
  sdk.start();
  setLogMixin(() => {
    const span = trace.getActiveSpan();
    if (!span) return {};
    const { traceId, spanId } = span.spanContext();
    return { trace_id: traceId, span_id: spanId };
  });
  return {
    exporting,
    shutdown: async () => {
      setLogMixin(() => ({}));
      await sdk.shutdown();
    },
  };
}

/** The tracer every ordermesh component makes spans with. */
export function tracer(): Tracer {
  return trace.getTracer('ordermesh');
}

/**
 * Serialises a context's span as a W3C traceparent header, to keep in Postgres so that later
 * steps of an order (payment, outbox delivery, shipment) join the order's trace.
 */
export function traceparentOf(ctx: Context = context.active()): string {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent ?? '';
}

/** The context a stored traceparent describes (the root context when it is empty). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

/** The trace id of a span, or '' for a non-recording one. */
export function traceIdOf(span: Span | undefined): string {
  const id = span?.spanContext().traceId ?? '';
  return /^0+$/.test(id) ? '' : id;
}
