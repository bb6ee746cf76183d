import { ProtoJsonError } from './errors.js';

/**
 * The parts of a protobufjs message type this converter reads. Structural, because the type
 * may come from another protobufjs copy than ours.
 */
export interface ProtoType {
  /** `.ordermesh.v1.CreateOrderRequest` */
  fullName: string;
  name: string;
  fieldsArray: ProtoField[];
  resolveAll(): unknown;
}

/** A field of a {@link ProtoType}. */
export interface ProtoField {
  name: string;
  /** `string`, `int64`, ... or the name of a message or enum type. */
  type: string;
  repeated: boolean;
  map: boolean;
  resolvedType: ProtoType | ProtoEnum | null;
}

/** An enum type. */
export interface ProtoEnum {
  values: Record<string, number>;
  valuesById: Record<number, string>;
}

const isEnum = (t: ProtoType | ProtoEnum | null): t is ProtoEnum => t !== null && 'valuesById' in t;

const INT32 = new Set(['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);
const FLOAT = new Set(['double', 'float']);

/** `customer_name` → `customerName`: the JSON name protojson gives a field without json_name. */
export function jsonNameOf(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function wholeNumber(value: unknown, path: string, unsigned: boolean): string {
  // protojson takes a number or a decimal string for every integer type.
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : '') : typeof value === 'string' ? value : '';
  if (!/^-?\d+$/.test(text)) throw new ProtoJsonError(path, `must be a whole number (a JSON number or a decimal string), not ${JSON.stringify(value)}`);
  if (unsigned && text.startsWith('-')) throw new ProtoJsonError(path, 'must not be negative');
  return text;
}

function scalar(field: ProtoField, value: unknown, path: string): unknown {
  const type = field.type;
  if (type === 'string') {
    if (typeof value !== 'string') throw new ProtoJsonError(path, `must be a string, not ${JSON.stringify(value)}`);
    return value;
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ProtoJsonError(path, `must be true or false, not ${JSON.stringify(value)}`);
  }
  if (INT32.has(type)) {
    const n = Number(wholeNumber(value, path, type.startsWith('u') || type === 'fixed32'));
    if (type.startsWith('u') || type === 'fixed32' ? n > 0xffffffff : n > 0x7fffffff || n < -0x80000000) throw new ProtoJsonError(path, `is out of range for ${type}`);
    return n;
  }
  if (INT64.has(type)) return wholeNumber(value, path, type.startsWith('u') || type === 'fixed64');
  if (FLOAT.has(type)) {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    throw new ProtoJsonError(path, `must be a number, not ${JSON.stringify(value)}`);
  }
  if (type === 'bytes') {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) throw new ProtoJsonError(path, 'must be base64 text');
    return Buffer.from(value, 'base64');
  }
  throw new ProtoJsonError(path, `has type ${type}, which this converter does not handle`);
}

function element(field: ProtoField, value: unknown, path: string): unknown {
  const resolved = field.resolvedType;
  if (isEnum(resolved)) {
    if (typeof value === 'string' && value in resolved.values) return value;
    if (typeof value === 'number' && Number.isInteger(value)) {
      const name = resolved.valuesById[value];
      if (name !== undefined) return name;
    }
    throw new ProtoJsonError(path, `must be one of ${Object.keys(resolved.values).join(', ')}, not ${JSON.stringify(value)}`);
  }
  if (resolved !== null) {
    if (resolved.fullName.startsWith('.google.protobuf.')) throw new ProtoJsonError(path, `is a ${resolved.fullName.slice(1)}, whose special JSON form this converter does not handle`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtoJsonError(path, `must be a JSON object (a ${resolved.name})`);
    return fromProtoJson(resolved, value as Record<string, unknown>, path);
  }
  return scalar(field, value, path);
}

/**
 * Reads a request the way protojson (ghz's parser) reads it, strictly: each key must be a
 * field of `type` by its proto name (`customer_name`) or its JSON name (`customerName`), each
 * value of the field's kind (int64 as a number or a decimal string, enums by name or number,
 * null for "not set"). Returns the same request keyed by proto names with int64 values as
 * decimal strings, ready for a grpc-js client loaded with `keepCase: true`.
 * @throws ProtoJsonError naming the first field that does not fit (ghz would refuse the data,
 * or with an unknown field, drop it silently).
 */
export function fromProtoJson(type: ProtoType, json: Record<string, unknown>, path = ''): Record<string, unknown> {
  type.resolveAll();
  const byName = new Map<string, ProtoField>();
  for (const field of type.fieldsArray) {
    byName.set(field.name, field);
    byName.set(jsonNameOf(field.name), field);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const at = path ? `${path}.${key}` : key;
    const field = byName.get(key);
    if (!field) throw new ProtoJsonError(at, `is not a field of ${type.fullName.slice(1)} (its fields: ${type.fieldsArray.map((f) => f.name).join(', ')})`);
    if (field.name in out) throw new ProtoJsonError(at, `sets ${field.name} a second time`);
    if (value === null) continue;
    if (field.map) throw new ProtoJsonError(at, 'is a map field, which this converter does not handle');
    if (field.repeated) {
      if (!Array.isArray(value)) throw new ProtoJsonError(at, 'must be a JSON array');
      out[field.name] = value.map((v, i) => element(field, v, `${at}[${i}]`));
    } else {
      out[field.name] = element(field, value, at);
    }
  }
  return out;
}
