import { status as grpcStatus } from '@grpc/grpc-js';
import { Gauge, Histogram } from 'prom-client';
import { metricOnce, type MetricsRegistry } from './registry.js';

/** Latency buckets of every RPC histogram, in seconds: 0.5 ms (a cached read) to 10 s (a deadline). */
export const RPC_SECONDS_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gRPC status code names (`OK`, `UNAVAILABLE`, ...) by number: the `code` label's values. */
const CODE_NAMES: readonly string[] = Object.entries(grpcStatus)
  .filter(([, v]) => typeof v === 'number')
  .sort((a, b) => (a[1] as number) - (b[1] as number))
  .map(([k]) => k);

type RpcLabels = { service: string; method: string; code: string };

/**
 * Records one method's calls in the server histogram. The label sets are built once per status
 * code, on first use, so a call costs one prom-client observe and no label building.
 */
export class RpcMethodRecorder {
  private readonly byCode: Array<RpcLabels | undefined> = [];

  constructor(
    private readonly histogram: Histogram<'service' | 'method' | 'code'>,
    private readonly service: string,
    private readonly method: string,
  ) {}

  /** Records a call that ended with status `code` and started at `startedAtMs` (performance.now()). */
  record(code: number, startedAtMs: number): void {
    const labels = this.byCode[code] ?? this.labelsOf(code);
    this.histogram.observe(labels, (performance.now() - startedAtMs) / 1000);
  }

  private labelsOf(code: number): RpcLabels {
    const labels = { service: this.service, method: this.method, code: CODE_NAMES[code] ?? String(code) };
    this.byCode[code] = labels;
    return labels;
  }
}

/**
 * The RED metrics of a gRPC server: `ordermesh_rpc_server_duration_seconds` (histogram by
 * service, method and status code; its `_count` is the request rate and, by code, the error
 * rate; a server stream is observed once, when it ends, with its whole life) and
 * `ordermesh_rpc_server_in_flight` (unary calls being served now).
 */
export class RpcServerMetrics {
  private readonly duration: Histogram<'service' | 'method' | 'code'>;

  /** @param inFlight read at scrape time (the server's CallStats already counts it). */
  constructor(registry: MetricsRegistry, inFlight: () => number) {
    this.duration = metricOnce(
      registry,
      'ordermesh_rpc_server_duration_seconds',
      () =>
        new Histogram({
          name: 'ordermesh_rpc_server_duration_seconds',
          help: 'Time to answer a gRPC call (a server stream: its whole life), by service, method and status code (its _count is the call count).',
          labelNames: ['service', 'method', 'code'],
          buckets: [...RPC_SECONDS_BUCKETS],
          registers: [registry],
        }),
    );
    metricOnce(
      registry,
      'ordermesh_rpc_server_in_flight',
      () =>
        new Gauge({
          name: 'ordermesh_rpc_server_in_flight',
          help: 'Unary gRPC calls being served now.',
          registers: [registry],
          collect() {
            this.set(inFlight());
          },
        }),
    );
  }

  /** The recorder of a method, e.g. ('ordermesh.v1.OrderService', 'CreateOrder'); make it once, at registration. */
  forMethod(service: string, method: string): RpcMethodRecorder {
    return new RpcMethodRecorder(this.duration, service, method);
  }
}
