import { Counter, Gauge } from 'prom-client';
import { metricOnce, type MetricsRegistry } from './registry.js';

/** One reading: a single value, or values by label set; undefined when unknown (no series then). */
export type Reading = number | ReadonlyArray<readonly [Record<string, string>, number]> | undefined;

/** A metric whose values are read from the component's own state when Prometheus scrapes. */
export interface ObservedMetric {
  name: string;
  help: string;
  labelNames?: readonly string[];
  /** Read at scrape time; may be async (a cached SQL figure, see CachedReading). */
  read: () => Reading | Promise<Reading>;
}

/** The metric's prom-client configuration: name, help, labels, and a collect() that re-reads it. */
function configOf<M extends Gauge | Counter>(registry: MetricsRegistry, metric: ObservedMetric, write: (m: M, labels: Record<string, string>, value: number) => void) {
  return {
    name: metric.name,
    help: metric.help,
    labelNames: [...(metric.labelNames ?? [])],
    registers: [registry],
    async collect(this: M) {
      const reading = await metric.read();
      this.reset();
      if (reading === undefined) {
        // reset() leaves an unlabelled metric at 0; an unknown value must be absent, not 0.
        if ((metric.labelNames ?? []).length === 0) this.remove();
        return;
      }
      if (typeof reading === 'number') write(this, {}, reading);
      else for (const [labels, value] of reading) write(this, labels, value);
    },
  };
}

/**
 * A gauge read at scrape time from state the component keeps anyway (in-flight calls, the
 * epoch, a lease's state): nothing is done per call or per event to keep it current.
 */
export function observedGauge(registry: MetricsRegistry, metric: ObservedMetric): void {
  metricOnce(registry, metric.name, () => new Gauge(configOf<Gauge>(registry, metric, (m, labels, value) => m.set(labels, value))));
}

/**
 * A counter read at scrape time from a running total the component already keeps (e.g. the
 * forwarder's retries): the hot path stays a plain `n++`. `read` must never go down.
 */
export function observedCounter(registry: MetricsRegistry, metric: ObservedMetric): void {
  metricOnce(registry, metric.name, () => new Counter(configOf<Counter>(registry, metric, (m, labels, value) => m.inc(labels, value))));
}
