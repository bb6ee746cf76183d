import { randomInt as cryptoRandomInt, randomUUID } from 'node:crypto';
import { UnsupportedTemplateActionError } from './errors.js';

/**
 * What ghz makes available to the Go template actions of a request's data and metadata: its
 * `runner.CallData` (www/docs/calldata.md), one per request. Field names are Go's.
 */
export interface GhzCallData {
  /** Worker id: `g<worker>c<connection>`, prefixed `<name>:` when the config has a name. */
  WorkerID: string;
  /** 0 for the first request of a run, then 1, 2, ... (also picks the element of array data). */
  RequestNumber: number;
  /** `ordermesh.v1.OrderService.CreateOrder` */
  FullyQualifiedName: string;
  /** `CreateOrder` */
  MethodName: string;
  /** `OrderService` */
  ServiceName: string;
  /** `CreateOrderRequest` */
  InputName: string;
  /** `Order` */
  OutputName: string;
  IsClientStreaming: boolean;
  IsServerStreaming: boolean;
  /** RFC 3339, seconds. */
  Timestamp: string;
  TimestampUnix: number;
  TimestampUnixMilli: number;
  TimestampUnixNano: bigint;
  /** A fresh UUID v4 per request. */
  UUID: string;
}

/** The method a request goes to, as server reflection describes it. */
export interface GhzMethod {
  /** `package.Service.Method` */
  fullyQualifiedName: string;
  inputName: string;
  outputName: string;
  clientStreaming?: boolean;
  serverStreaming?: boolean;
}

/** ghz's worker id for worker `worker` (0-based) on connection `connection`. */
export function ghzWorkerId(worker: number, connection = 0, name = ''): string {
  const id = `g${worker}c${connection}`;
  return name ? `${name}:${id}` : id;
}

/** The call data ghz makes for request number `requestNumber` (0-based) by worker `workerId`. */
export function ghzCallData(method: GhzMethod, workerId: string, requestNumber: number, now: Date = new Date()): GhzCallData {
  const parts = method.fullyQualifiedName.split('.');
  const ms = now.getTime();
  return {
    WorkerID: workerId,
    RequestNumber: requestNumber,
    FullyQualifiedName: method.fullyQualifiedName,
    MethodName: parts.at(-1) ?? '',
    ServiceName: parts.at(-2) ?? '',
    InputName: method.inputName,
    OutputName: method.outputName,
    IsClientStreaming: method.clientStreaming ?? false,
    IsServerStreaming: method.serverStreaming ?? false,
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    TimestampUnix: Math.floor(ms / 1000),
    TimestampUnixMilli: ms,
    TimestampUnixNano: BigInt(ms) * 1_000_000n,
    UUID: randomUUID(),
  };
}

/** Random sources of the template functions; replaceable for tests. */
export interface TemplateRandom {
  /** A whole number in [min, max). */
  int(min: number, max: number): number;
  uuid(): string;
}

const cryptoRandom: TemplateRandom = { int: (min, max) => cryptoRandomInt(min, max), uuid: () => randomUUID() };

const CHARSET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const FIELDS = new Set<string>([
  'WorkerID',
  'RequestNumber',
  'FullyQualifiedName',
  'MethodName',
  'ServiceName',
  'InputName',
  'OutputName',
  'IsClientStreaming',
  'IsServerStreaming',
  'Timestamp',
  'TimestampUnix',
  'TimestampUnixMilli',
  'TimestampUnixNano',
  'UUID',
]);

/** ghz's own template functions (runner/calldata.go), as documented in www/docs/calldata.md. */
const FUNCTIONS: Record<string, { arity: number; run: (args: number[], random: TemplateRandom) => string }> = {
  newUUID: { arity: 0, run: (_, random) => random.uuid() },
  // length <= 0: a random length from 2 to 16.
  randomString: {
    arity: 1,
    run: ([length = 0], random) => {
      const n = length > 0 ? length : random.int(2, 17);
      let out = '';
      for (let i = 0; i < n; i++) out += CHARSET[random.int(0, CHARSET.length)];
      return out;
    },
  },
  // [min, max); min below 0 counts as 0, max at or below 0 as 1 (as ghz clamps them).
  randomInt: {
    arity: 2,
    run: ([min = 0, max = 0], random) => {
      const lo = Math.max(0, min);
      const hi = max <= 0 ? 1 : max;
      if (hi <= lo) throw new Error(`randomInt ${min} ${max}: max must be above min`);
      return String(random.int(lo, hi));
    },
  },
};

/** One `{{...}}` action found in a template: where it is and what it says. */
export interface TemplateAction {
  start: number;
  end: number;
  /** The whole action, braces included. */
  text: string;
}

/** The `{{...}}` actions of `template`, in order. @throws UnsupportedTemplateActionError for an unclosed one. */
export function templateActions(template: string): TemplateAction[] {
  const actions: TemplateAction[] = [];
  for (let from = 0; ; ) {
    const start = template.indexOf('{{', from);
    if (start < 0) return actions;
    const close = template.indexOf('}}', start + 2);
    if (close < 0) throw new UnsupportedTemplateActionError(template.slice(start, start + 40), 'it is never closed with }}');
    actions.push({ start, end: close + 2, text: template.slice(start, close + 2) });
    from = close + 2;
  }
}

function evaluate(action: string, data: GhzCallData, random: TemplateRandom): string {
  const inner = action.slice(2, -2);
  if (inner.startsWith('-') || inner.endsWith('-')) throw new UnsupportedTemplateActionError(action, 'whitespace trimming is not reproduced');
  const words = inner.trim().split(/\s+/).filter((w) => w !== '');
  const [head, ...args] = words;
  if (head === undefined) throw new UnsupportedTemplateActionError(action, 'it is empty');
  if (/^\/\*/.test(head)) throw new UnsupportedTemplateActionError(action, 'comments are not reproduced');
  if (head.startsWith('.')) {
    const field = head.slice(1);
    if (args.length > 0) throw new UnsupportedTemplateActionError(action, 'a field takes no arguments');
    if (!FIELDS.has(field)) throw new UnsupportedTemplateActionError(action, `ghz's call data has no field ${field}`);
    return String(data[field as keyof GhzCallData]);
  }
  const fn = FUNCTIONS[head];
  if (!fn) throw new UnsupportedTemplateActionError(action, `${head} is not one of ghz's own functions`);
  if (args.length !== fn.arity) throw new UnsupportedTemplateActionError(action, `${head} takes ${fn.arity} argument(s)`);
  const numbers = args.map((a) => {
    if (!/^-?\d+$/.test(a)) throw new UnsupportedTemplateActionError(action, `argument ${a} is not a whole-number literal`);
    return Number(a);
  });
  return fn.run(numbers, random);
}

/**
 * Renders a ghz data or metadata template as ghz does for one request: every `{{...}}` action
 * replaced by its value, the rest left as it is. Only the subset the configs use is known: the
 * call-data fields (`{{.RequestNumber}}`, `{{.UUID}}`, `{{.WorkerID}}`...) and ghz's functions
 * `newUUID`, `randomString N`, `randomInt A B`.
 * @throws UnsupportedTemplateActionError for anything else (sprig functions, pipelines,
 * trimming, comments), so a config can not use what this renderer would get wrong.
 */
export function renderGhzTemplate(template: string, data: GhzCallData, random: TemplateRandom = cryptoRandom): string {
  let out = '';
  let last = 0;
  for (const action of templateActions(template)) {
    out += template.slice(last, action.start) + evaluate(action.text, data, random);
    last = action.end;
  }
  return out + template.slice(last);
}

/** Whether `template` holds any action (ghz then renders it per request instead of once). */
export function hasTemplateActions(template: string): boolean {
  return templateActions(template).length > 0;
}
