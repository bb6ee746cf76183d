import { readFileSync } from 'node:fs';
import { GhzConfigError, GhzDataError } from './errors.js';
import { hasTemplateActions, renderGhzTemplate, type GhzCallData, type TemplateRandom } from './ghz-template.js';

/**
 * The keys a ghz config file may hold (runner.Config's JSON names, www/docs/options.md; a few
 * were renamed between ghz releases, so both spellings are here). Anything else is a typo that
 * ghz would silently ignore.
 */
export const GHZ_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'proto', 'protoset', 'call', 'import-paths', 'cacert', 'cert', 'key', 'cname', 'skipTLS', 'skip-verify',
  'insecure', 'authority', 'async', 'rps', 'load-schedule', 'load-start', 'load-end', 'load-step',
  'load-step-duration', 'load-max-duration', 'concurrency', 'concurrency-schedule', 'concurrency-start',
  'concurrency-end', 'concurrency-step', 'concurrency-step-duration', 'concurrency-max-duration', 'total',
  'timeout', 'duration', 'max-duration', 'duration-stop', 'data', 'data-file', 'binary-file', 'metadata',
  'metadata-file', 'stream-interval', 'stream-call-duration', 'stream-call-count', 'stream-dynamic-messages',
  'reflect-metadata', 'output', 'format', 'skipFirst', 'skip-first', 'count-errors', 'connections',
  'connect-timeout', 'keepalive', 'enable-compression', 'lb-strategy', 'name', 'tags', 'cpus', 'debug', 'host',
]);

/** The parts of a ghz config this kit reads. */
export interface GhzConfig {
  /** `package.Service.Method` */
  call: string;
  host: string;
  insecure: boolean;
  total: number;
  concurrency: number;
  /** Inline request data: one message, or an array ghz sends round-robin. */
  data?: Record<string, unknown> | Array<Record<string, unknown>>;
  /** A JSON file of request data, relative to the directory ghz runs in (the repository root). */
  dataFile?: string;
  metadata?: Record<string, string>;
  name?: string;
  /** Descriptor sources; absent means ghz uses server reflection. */
  proto?: string;
  protoset?: string;
  /** The whole file, as parsed. */
  raw: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses the text of a ghz JSON config and checks it the way this kit uses ghz: a known key
 * for everything, a `package.Service.Method` call, a host, a whole-number total and
 * concurrency, and call data given inline (an object, or a non-empty array of objects) or as a
 * data file. Listing every problem at once.
 * @throws GhzConfigError listing the problems.
 */
export function parseGhzConfig(text: string, source: string): GhzConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new GhzConfigError(source, [`not JSON: ${(err as Error).message}`]);
  }
  if (!isObject(raw)) throw new GhzConfigError(source, ['must be a JSON object']);
  const problems: string[] = [];
  for (const key of Object.keys(raw)) if (!GHZ_CONFIG_KEYS.has(key)) problems.push(`${key}: not a ghz config key (ghz would ignore it)`);
  const str = (key: string, required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined) {
      if (required) problems.push(`${key}: is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') problems.push(`${key}: must be a non-empty string`);
    return typeof v === 'string' ? v : undefined;
  };
  const whole = (key: string): number => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) problems.push(`${key}: must be a whole number of at least 1`);
    return typeof v === 'number' ? v : 0;
  };
  const call = str('call', true) ?? '';
  if (call && !/^[A-Za-z_][\w.]*\.[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(call)) problems.push(`call: '${call}' is not package.Service.Method`);
  const host = str('host', true) ?? '';
  if (raw.insecure !== undefined && typeof raw.insecure !== 'boolean') problems.push('insecure: must be true or false');
  const total = whole('total');
  const concurrency = whole('concurrency');
  const data = raw.data;
  const dataFile = str('data-file', false);
  if (data !== undefined) {
    const okArray = Array.isArray(data) && data.length > 0 && data.every(isObject);
    if (!isObject(data) && !okArray) problems.push('data: must be an object or a non-empty array of objects');
  }
  if (data === undefined && dataFile === undefined) problems.push('data or data-file: one is required (ghz would send empty requests)');
  const metadata = raw.metadata;
  if (metadata !== undefined && (!isObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string'))) {
    problems.push('metadata: must be an object of strings');
  }
  if (problems.length > 0) throw new GhzConfigError(source, problems);
  return {
    call,
    host,
    insecure: raw.insecure === true,
    total,
    concurrency,
    ...(data !== undefined ? { data: data as GhzConfig['data'] & object } : {}),
    ...(dataFile !== undefined ? { dataFile } : {}),
    ...(metadata !== undefined ? { metadata: metadata as Record<string, string> } : {}),
    ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
    ...(typeof raw.proto === 'string' ? { proto: raw.proto } : {}),
    ...(typeof raw.protoset === 'string' ? { protoset: raw.protoset } : {}),
    raw,
  };
}

/** Reads and checks a ghz JSON config file. @throws GhzConfigError; the fs error when unreadable. */
export function readGhzConfig(path: string): GhzConfig {
  return parseGhzConfig(readFileSync(path, 'utf8'), path);
}

/**
 * The call data text ghz works from: the data file's contents as they are, or the inline data
 * marshalled back to JSON (ghz marshals the config's `data` before templating it).
 * @param dataFileText the contents of `config.dataFile`, when the config has one (it wins over `data`, as in ghz).
 */
export function callDataText(config: GhzConfig, dataFileText?: string): string {
  if (config.dataFile !== undefined) {
    if (dataFileText === undefined) throw new GhzDataError(config.dataFile, 'the config names a data file; pass its contents');
    return dataFileText;
  }
  return JSON.stringify(config.data ?? {});
}

/**
 * The JSON request ghz sends as request number `callData.RequestNumber` of a unary call, from
 * the call data text (runner/data.go): text that starts with `[` is an array whose elements
 * are used round-robin (element RequestNumber mod length); anything else is one message for
 * every request. When the text holds template actions the chosen message is rendered for this
 * request; the result is parsed as JSON.
 * @throws GhzDataError for text ghz could not use; UnsupportedTemplateActionError for an
 * action the renderer does not reproduce.
 */
export function requestJsonFor(text: string, callData: GhzCallData, source: string, random?: TemplateRandom): Record<string, unknown> {
  const templated = hasTemplateActions(text);
  let message: string;
  if (text.startsWith('[')) {
    let elements: unknown;
    try {
      elements = JSON.parse(text);
    } catch (err) {
      throw new GhzDataError(source, `an array of call data that is not JSON: ${(err as Error).message}`, { cause: err });
    }
    if (!Array.isArray(elements) || elements.length === 0 || !elements.every(isObject)) {
      throw new GhzDataError(source, 'array call data must be a non-empty array of objects');
    }
    message = JSON.stringify(elements[callData.RequestNumber % elements.length]);
  } else {
    if (/^\s+\[/.test(text)) throw new GhzDataError(source, 'array call data must start with `[` as its very first character (ghz reads anything else as one message)');
    message = text;
  }
  const rendered = templated ? renderGhzTemplate(message, callData, random) : message;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rendered);
  } catch (err) {
    throw new GhzDataError(source, `request ${callData.RequestNumber} is not JSON once rendered: ${rendered.slice(0, 200)}`, { cause: err });
  }
  if (!isObject(parsed)) throw new GhzDataError(source, `request ${callData.RequestNumber} is not a JSON object`);
  return parsed;
}

/** The metadata ghz sends with a request: the config's metadata, each value rendered. */
export function requestMetadataFor(config: GhzConfig, callData: GhzCallData, random?: TemplateRandom): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.metadata ?? {})) out[key] = renderGhzTemplate(value, callData, random);
  return out;
}
