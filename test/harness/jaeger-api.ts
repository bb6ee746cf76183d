/** A span as Jaeger's HTTP API (/api/traces) returns it, reduced to what the tests read. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  tags: Array<{ key: string; value: unknown }>;
}

/** A trace from Jaeger's HTTP API, with each span's service name resolved. */
export interface JaegerTrace {
  traceID: string;
  spans: Array<JaegerSpan & { service: string }>;
}

interface ApiTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const resolved = (t: ApiTrace): JaegerTrace => ({
  traceID: t.traceID,
  spans: t.spans.map((s) => ({ ...s, service: t.processes[s.processID]?.serviceName ?? '' })),
});

/**
 * The query side of a real Jaeger, through the HTTP API its UI uses: searches by service and
 * operation (`/api/traces?service=...`) and reads one trace (`/api/traces/{id}`).
 */
export class JaegerApi {
  constructor(private readonly uiUrl: string) {}

  private async get(path: string): Promise<ApiTrace[]> {
    const res = await fetch(`${this.uiUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`Jaeger ${path} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { data: ApiTrace[] | null }).data ?? [];
  }

  /** The traces with a span of `service` (and `operation`) in the last hour; at most `limit`. */
  async search(service: string, operation: string, limit = 1000): Promise<JaegerTrace[]> {
    const endUs = Date.now() * 1000;
    const query = new URLSearchParams({ service, operation, limit: String(limit), start: String(endUs - 3600e6), end: String(endUs + 60e6) });
    return (await this.get(`/api/traces?${query.toString()}`)).map(resolved);
  }

  /** One whole trace by id. @throws Error when Jaeger does not know it. */
  async trace(traceId: string): Promise<JaegerTrace> {
    const [trace] = await this.get(`/api/traces/${traceId}`);
    if (!trace) throw new Error(`Jaeger has no trace ${traceId}`);
    return resolved(trace);
  }

  /** The services Jaeger has received spans from. */
  async services(): Promise<string[]> {
    const res = await fetch(`${this.uiUrl}/api/services`, { signal: AbortSignal.timeout(10_000) });
    return ((await res.json()) as { data: string[] | null }).data ?? [];
  }
}

/** The value of a span's tag, or undefined. */
export const tagOf = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;
