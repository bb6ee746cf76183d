import fc from 'fast-check';
import protobuf from 'protobufjs/minimal.js';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { reflectionDefinition } from '#lib/proto/index.js';

/**
 * Hostile request bytes for every RPC the servers describe by reflection: random bytes,
 * truncated and bit-flipped messages, extreme numbers, NUL and invalid UTF-8 in strings, wrong
 * wire types and unknown fields. Generated with fast-check from a seed, so a failure replays.
 */

/** One field of a message, as the reflection descriptors declare it. */
interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName?: string;
}

/** One RPC, as reflection describes it. */
export interface RpcMethod {
  /** e.g. 'ordermesh.v1.OrderService' */
  service: string;
  method: string;
  /** e.g. '/ordermesh.v1.OrderService/GetOrder' */
  path: string;
  /** The request type, fully qualified without the leading dot. */
  input: string;
  serverStreaming: boolean;
  clientStreaming: boolean;
}

/** What the reflection descriptors hold: every RPC and every message's fields. */
export interface ProtoCatalogue {
  methods: RpcMethod[];
  fields(message: string): FieldDescriptor[];
}

/** Every RPC and message of the descriptors the servers describe by reflection (lib/proto). */
export function protoCatalogue(): ProtoCatalogue {
  const entry = Object.values(reflectionDefinition())[0] as unknown as { fileDescriptorProtos: Buffer[] };
  const messages = new Map<string, FieldDescriptor[]>();
  const methods: RpcMethod[] = [];
  type MessageObject = { name: string; field?: FieldDescriptor[]; nestedType?: MessageObject[] };
  const addMessages = (prefix: string, list: MessageObject[] | undefined): void => {
    for (const m of list ?? []) {
      messages.set(`${prefix}.${m.name}`, m.field ?? []);
      addMessages(`${prefix}.${m.name}`, m.nestedType);
    }
  };
  for (const bytes of entry.fileDescriptorProtos) {
    const file = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(bytes), { enums: String }) as {
      package: string;
      messageType?: MessageObject[];
      service?: Array<{ name: string; method: Array<{ name: string; inputType: string; serverStreaming?: boolean; clientStreaming?: boolean }> }>;
    };
    addMessages(file.package, file.messageType);
    for (const s of file.service ?? []) {
      for (const m of s.method) {
        const service = `${file.package}.${s.name}`;
        methods.push({
          service,
          method: m.name,
          path: `/${service}/${m.name}`,
          input: m.inputType.replace(/^\./, ''),
          serverStreaming: m.serverStreaming === true,
          clientStreaming: m.clientStreaming === true,
        });
      }
    }
  }
  return {
    methods,
    fields: (message) => {
      const fields = messages.get(message);
      if (!fields) throw new Error(`no message ${message} in the reflection descriptors`);
      return fields;
    },
  };
}

/** One hostile request: how it was made (for failure messages) and its bytes. */
export interface HostileRequest {
  kind: 'random-bytes' | 'fields' | 'truncated' | 'bit-flip';
  bytes: Buffer;
}

const LENGTH_DELIMITED = 2;

/** Two's-complement 64-bit varint of `value` (negative int32/int64 take ten bytes, as protoc writes them). */
function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

const tag = (number: number, wireType: number): number[] => varint(BigInt((number << 3) | wireType) & 0xffffffffn);
const delimited = (number: number, payload: Uint8Array): number[] => [...tag(number, LENGTH_DELIMITED), ...varint(BigInt(payload.length)), ...payload];

/** Numbers at the edges of every integer type, and past them. */
const EXTREME_INTEGERS = [0n, 1n, -1n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n];

const integer = fc.oneof(fc.constantFrom(...EXTREME_INTEGERS), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }));

/** Strings a caller could send: plausible values, control characters, NUL, invalid UTF-8, very long. */
function hostileString(plausible: readonly string[]): fc.Arbitrary<Uint8Array> {
  const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
  return fc.oneof(
    fc.constantFrom(...plausible).map(utf8),
    fc.constantFrom(...plausible).map((s) => utf8(`${s}\u0000`)),
    fc.string({ maxLength: 40 }).map((s) => utf8(`\u0000${s}\u0000`)),
    fc.string({ unit: 'binary', maxLength: 40 }).map(utf8),
    // Invalid UTF-8: a lone continuation byte, an overlong '/', a UTF-16 surrogate, 0xFF.
    fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80]).chain((bad) =>
      fc.constantFrom(...plausible).map((s) => new Uint8Array([...Buffer.from(s, 'utf8'), ...bad])),
    ),
    fc.nat({ max: 20_000 }).map((n) => utf8('x'.repeat(n))),
    fc.uint8Array({ maxLength: 64 }),
  );
}

/** A value for `field` in its declared wire type, or in a wrong one now and then. */
function fieldBytes(catalogue: ProtoCatalogue, field: FieldDescriptor, plausible: readonly string[], depth: number): fc.Arbitrary<number[]> {
  const n = field.number;
  switch (field.type) {
    case 'TYPE_STRING':
      return hostileString(plausible).map((b) => delimited(n, b));
    case 'TYPE_BYTES':
      return fc.uint8Array({ maxLength: 64 }).map((b) => delimited(n, b));
    case 'TYPE_MESSAGE': {
      const nested = field.typeName?.replace(/^\./, '') ?? '';
      if (depth >= 3) return fc.constant(delimited(n, new Uint8Array()));
      return fc.constant(null).chain(() => messageBytes(catalogue, nested, plausible, depth + 1).map((b) => delimited(n, b)));
    }
    case 'TYPE_DOUBLE':
    case 'TYPE_FIXED64':
    case 'TYPE_SFIXED64':
      return fc.double().map((d) => [...tag(n, 1), ...protobuf.Writer.create().double(d).finish()]);
    case 'TYPE_FLOAT':
    case 'TYPE_FIXED32':
    case 'TYPE_SFIXED32':
      return fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => [...tag(n, 5), ...b]);
    default: {
      // Varint types (ints, bools, enums), sometimes as a packed list, as repeated scalars may come.
      const single = integer.map((v) => [...tag(n, 0), ...varint(v)]);
      const packed = fc.array(integer, { maxLength: 8 }).map((vs) => delimited(n, new Uint8Array(vs.flatMap(varint))));
      return field.label === 'LABEL_REPEATED' ? fc.oneof(single, packed) : single;
    }
  }
}

/** A field the message does not declare, or a declared one in a wire type it does not have. */
function strayField(fields: readonly FieldDescriptor[]): fc.Arbitrary<number[]> {
  const number = fc.oneof(fc.integer({ min: 1, max: 2 ** 29 - 1 }), fc.constantFrom(...(fields.length ? fields.map((f) => f.number) : [1])));
  return fc.tuple(number, fc.constantFrom(0, 1, 2, 5), fc.uint8Array({ minLength: 8, maxLength: 8 })).map(([n, wireType, raw]) => {
    if (wireType === 0) return [...tag(n, 0), ...varint(BigInt(raw[0] ?? 0))];
    if (wireType === 1) return [...tag(n, 1), ...raw];
    if (wireType === 5) return [...tag(n, 5), ...raw.slice(0, 4)];
    return delimited(n, raw);
  });
}

/** A message of type `message` built field by field: declared fields with hostile values, and stray ones. */
function messageBytes(catalogue: ProtoCatalogue, message: string, plausible: readonly string[], depth = 0): fc.Arbitrary<Uint8Array> {
  const fields = catalogue.fields(message);
  const parts = fields.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields).chain((f) => fieldBytes(catalogue, f, plausible, depth)) }, { weight: 1, arbitrary: strayField(fields) }) : strayField(fields);
  return fc.array(parts, { maxLength: depth === 0 ? 8 : 3 }).map((chunks) => new Uint8Array(chunks.flat()));
}

/**
 * Hostile requests for a method whose request type is `message`: random bytes; messages built
 * field by field with hostile values (extreme numbers, NUL, invalid UTF-8, very long strings,
 * wrong wire types, unknown fields); those cut short; those with flipped bits. `plausible` are
 * strings that get past the first checks (an existing order id, a region, a sku), so that the
 * rest of the message is what gets tested.
 */
export function hostileRequest(catalogue: ProtoCatalogue, message: string, plausible: readonly string[]): fc.Arbitrary<HostileRequest> {
  const built = messageBytes(catalogue, message, plausible);
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b): HostileRequest => ({ kind: 'random-bytes', bytes: Buffer.from(b) })),
    built.map((b): HostileRequest => ({ kind: 'fields', bytes: Buffer.from(b) })),
    fc
      .tuple(built.filter((b) => b.length > 1), fc.nat())
      .map(([b, at]): HostileRequest => ({ kind: 'truncated', bytes: Buffer.from(b.subarray(0, 1 + (at % (b.length - 1)))) })),
    fc.tuple(built.filter((b) => b.length > 0), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 })).map(([b, flips]): HostileRequest => {
      const out = Buffer.from(b);
      for (const [at, bit] of flips) out[at % out.length] = (out[at % out.length] ?? 0) ^ (1 << bit);
      return { kind: 'bit-flip', bytes: out };
    }),
  );
}

/**
 * A well-framed request of `size` bytes or more: one unknown length-delimited field (number
 * 1000), which every request type skips; past the message limit it is refused before decoding.
 */
export function oversizedRequest(size: number): Buffer {
  return Buffer.from(delimited(1000, new Uint8Array(size)));
}
