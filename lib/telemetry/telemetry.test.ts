import assert from 'node:assert/strict';
import { it } from 'node:test';
import { exportRequested } from './telemetry.js';

it('should export only when an OTLP endpoint or an exporter is configured', () => {
  assert.equal(exportRequested({}), false);
  assert.equal(exportRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }), true);
  assert.equal(exportRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }), true);
  assert.equal(exportRequested({ OTEL_TRACES_EXPORTER: 'otlp' }), true);
  assert.equal(exportRequested({ OTEL_TRACES_EXPORTER: 'console' }), true);
  assert.equal(exportRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }), false);
  // The protocol alone does not turn export on.
  assert.equal(exportRequested({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), false);
});
