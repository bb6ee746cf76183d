export {
  contextFromTraceparent,
  exportRequested,
  startTelemetry,
  traceIdOf,
  traceparentOf,
  tracer,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry.js';
export { inSpan } from './in-span.js';
