import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One span as an OTLP receiver got it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** OTLP/JSON encodes ids as hex (the spec) or, from some SDKs, base64: normalise to hex. */
function hexId(id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  if (/^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

function attributesOf(list: Array<{ key: string; value: AnyValue }> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
  return out;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/**
 * A real OTLP/HTTP trace receiver (JSON encoding) on 127.0.0.1: processes export to it with
 * OTEL_EXPORTER_OTLP_PROTOCOL=http/json and OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  /** Starts listening on a free port. */
  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | undefined;
    const server = createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      body(req)
        .then((raw) => {
          const payload = JSON.parse(raw.toString('utf8')) as {
            resourceSpans?: Array<{
              resource?: { attributes?: Array<{ key: string; value: AnyValue }> };
              scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }>;
            }>;
          };
          for (const rs of payload.resourceSpans ?? []) {
            const name = attributesOf(rs.resource?.attributes)['service.name'];
            const service = typeof name === 'string' ? name : '';
            for (const ss of rs.scopeSpans ?? []) {
              for (const span of ss.spans ?? []) {
                receiver?.spans.push({
                  service,
                  traceId: hexId(span.traceId),
                  spanId: hexId(span.spanId),
                  parentSpanId: hexId(span.parentSpanId),
                  name: String(span.name),
                  kind: Number(span.kind ?? 0),
                  attributes: attributesOf(span.attributes as Array<{ key: string; value: AnyValue }> | undefined),
                });
              }
            }
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        })
        .catch(() => res.writeHead(400).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  /** The environment that makes a process export its spans here, promptly. */
  exportEnv(): Record<string, string> {
    return {
      OTEL_EXPORTER_OTLP_ENDPOINT: this.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    };
  }

  /** Spans grouped by trace id. */
  traces(): Map<string, ReceivedSpan[]> {
    const byTrace = new Map<string, ReceivedSpan[]>();
    for (const span of this.spans) {
      const list = byTrace.get(span.traceId) ?? [];
      list.push(span);
      byTrace.set(span.traceId, list);
    }
    return byTrace;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
