import type { PackageDefinition } from '@grpc/proto-loader';
import protobuf from 'protobufjs/minimal.js';
import { MalformedRequestError } from './errors.js';

/**
 * Reads one field of a serialized protobuf message without decoding the rest: the gateway
 * routes on one string (a region, an order id, a warehouse id) and forwards the bytes as they
 * came. Every other field is skipped by its length, so the cost is a walk over the tags, with
 * no object, no string and no default made for fields nobody reads.
 *
 * The walk also checks the framing of the whole message, nested messages included, against the
 * message's declared wire types: bytes a node could not decode are refused here as
 * INVALID_ARGUMENT naming the request, instead of reaching a node whose grpc-js would answer
 * INTERNAL ("Error deserializing request"). It does not look inside strings or numbers; what
 * their values mean is the node's to validate.
 */

/** Wire types of the protobuf encoding. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** What the walk needs to know of one declared field. */
interface FieldShape {
  /** The wire type its values come in (repeated varint fields may also come packed, as 2). */
  readonly wireType: number;
  readonly repeated: boolean;
  /** For message fields: the nested message's shape (undefined when it is not in the package). */
  readonly message?: MessageShape;
}

/** The declared fields of one message type, by field number, for {@link readField}. */
export interface MessageShape {
  /** Fully qualified, e.g. 'ordermesh.v1.CreateOrderRequest' (for error messages). */
  readonly name: string;
  /** Indexed by field number; holes are fields the message does not declare (skipped as unknown). */
  readonly fields: ReadonlyArray<FieldShape | undefined>;
}

interface DescriptorField {
  number: number;
  label: string;
  type: string;
  typeName: string;
}

function wireTypeOf(type: string): number {
  switch (type) {
    case 'TYPE_DOUBLE':
    case 'TYPE_FIXED64':
    case 'TYPE_SFIXED64':
      return FIXED64;
    case 'TYPE_FLOAT':
    case 'TYPE_FIXED32':
    case 'TYPE_SFIXED32':
      return FIXED32;
    case 'TYPE_STRING':
    case 'TYPE_BYTES':
    case 'TYPE_MESSAGE':
      return LENGTH_DELIMITED;
    default:
      return VARINT;
  }
}

/**
 * The shape of message `fullName` (e.g. 'ordermesh.v1.GetOrderRequest') in a proto-loader
 * package definition, nested messages resolved. Built once at start-up.
 * @throws Error when the package has no such message (a programming error).
 */
export function messageShape(definition: PackageDefinition, fullName: string, built = new Map<string, MessageShape>()): MessageShape {
  const existing = built.get(fullName);
  if (existing) return existing;
  const entry = definition[fullName] as { type?: { field?: DescriptorField[] } } | undefined;
  if (!entry?.type?.field) throw new Error(`no message ${fullName} in the package definition`);
  const fields: Array<FieldShape | undefined> = [];
  const shape: MessageShape = { name: fullName, fields };
  // Registered before the fields are resolved, so a message that contains itself terminates.
  built.set(fullName, shape);
  const pkg = fullName.slice(0, fullName.lastIndexOf('.'));
  for (const f of entry.type.field) {
    let message: MessageShape | undefined;
    if (f.type === 'TYPE_MESSAGE') {
      const candidates = [`${pkg}.${f.typeName}`, f.typeName.replace(/^\./, '')];
      const resolved = candidates.find((name) => (definition[name] as { type?: unknown } | undefined)?.type);
      if (resolved) message = messageShape(definition, resolved, built);
    }
    fields[f.number] = { wireType: wireTypeOf(f.type), repeated: f.label === 'LABEL_REPEATED', ...(message ? { message } : {}) };
  }
  return shape;
}

/**
 * Walks the fields between `reader.pos` and `end`, checking their framing (recursing into
 * nested messages), and returns the offset of the value of the LAST occurrence of top-level
 * field `wanted` (proto3: the last one wins), or -1 when it is absent.
 */
function walk(reader: protobuf.Reader, end: number, shape: MessageShape, wanted: number): number {
  let found = -1;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number === 0) throw new Error('field number 0');
    const field = shape.fields[number];
    if (field && wireType !== field.wireType && !(field.repeated && field.wireType === VARINT && wireType === LENGTH_DELIMITED)) {
      throw new Error(`field ${number} has wire type ${wireType}, not ${field.wireType}`);
    }
    if (number === wanted) found = reader.pos;
    if (wireType === LENGTH_DELIMITED && field?.message) {
      const length = reader.uint32();
      const nestedEnd = reader.pos + length;
      if (nestedEnd > end) throw new Error(`field ${number} is longer than its message`);
      walk(reader, nestedEnd, field.message, 0);
    } else {
      reader.skipType(wireType);
    }
    if (reader.pos > end) throw new Error(`field ${number} is longer than its message`);
  }
  return found;
}

/** The offset of top-level field `number`'s last value in `bytes`, -1 when absent. */
function locate(bytes: Uint8Array, shape: MessageShape, number: number): { reader: protobuf.Reader; at: number } {
  const reader = protobuf.Reader.create(bytes);
  try {
    return { reader, at: walk(reader, bytes.length, shape, number) };
  } catch (err) {
    throw new MalformedRequestError(shape.name, err);
  }
}

/**
 * The value of string field `number` of the message in `bytes` ('' when absent, as proto3
 * decodes it), after checking that the whole message is well framed.
 * Thrown by: MalformedRequestError when the bytes are not a message of `shape`'s type.
 */
export function readStringField(bytes: Uint8Array, shape: MessageShape, number: number): string {
  const { reader, at } = locate(bytes, shape, number);
  if (at < 0) return '';
  reader.pos = at;
  return reader.string();
}

/**
 * The value of varint (enum, integer or bool) field `number` (0 when absent), after checking
 * that the whole message is well framed.
 * Thrown by: MalformedRequestError when the bytes are not a message of `shape`'s type.
 */
export function readVarintField(bytes: Uint8Array, shape: MessageShape, number: number): number {
  const { reader, at } = locate(bytes, shape, number);
  if (at < 0) return 0;
  reader.pos = at;
  return reader.int32();
}
