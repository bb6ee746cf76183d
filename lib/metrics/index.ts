/**
 * Prometheus metrics: one prom-client registry per component, the gRPC servers' RED metrics,
 * and the HTTP endpoint that serves `/metrics`. Metric names and what they mean: docs/metrics.md.
 */
export { createMetricsRegistry, metricOnce, type MetricsRegistry } from './registry.js';
export { RPC_SECONDS_BUCKETS, RpcMethodRecorder, RpcServerMetrics } from './rpc-server-metrics.js';
export { MetricsServer, serveMetrics, type MetricsServerOptions } from './metrics-server.js';
export { METRICS_PORT_NAME, metricsPortSchema } from './metrics-port.js';
export { observedCounter, observedGauge, type ObservedMetric, type Reading } from './observed-metrics.js';
export { CachedReading } from './cached-reading.js';
