import type { Metadata } from '@grpc/grpc-js';
import { ROOT_CONTEXT, propagation, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';

const getter: TextMapGetter<Metadata> = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const values = carrier.get(key);
    if (values.length === 0) return undefined;
    return values.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  },
};

const setter: TextMapSetter<Metadata> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/** The trace context a caller sent in gRPC metadata (W3C traceparent/tracestate). */
export function contextFromMetadata(metadata: Metadata): Context {
  return propagation.extract(ROOT_CONTEXT, metadata, getter);
}

/** Writes `ctx`'s trace context into outgoing gRPC metadata. */
export function injectContext(metadata: Metadata, ctx: Context): void {
  propagation.inject(ctx, metadata, setter);
}
