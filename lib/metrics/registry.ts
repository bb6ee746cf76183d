import { Registry, collectDefaultMetrics, type Metric } from 'prom-client';

/** The registry type every ordermesh component registers its metrics in (prom-client's). */
export type MetricsRegistry = Registry;

/**
 * A registry for one process's component, with prom-client's standard process and Node.js
 * metrics (`process_cpu_seconds_total`, `process_resident_memory_bytes`,
 * `nodejs_eventloop_lag_seconds`, ...) under their usual names, so stock dashboards work.
 * Each component owns its registry (no global one), so tests can run several in one process.
 */
export function createMetricsRegistry(options: { processMetrics?: boolean } = {}): MetricsRegistry {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The metric named `name` in `registry`, made by `make` the first time. Components that may be
 * built twice on one registry (a restarted worker, a re-created pool) share the one series set
 * instead of failing on a duplicate name.
 */
export function metricOnce<M extends Metric>(registry: MetricsRegistry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}
