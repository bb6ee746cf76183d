import type {
  AnyDefinition,
  EnumTypeDefinition,
  MessageTypeDefinition,
  MethodDefinition,
  PackageDefinition,
} from '@grpc/proto-loader';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
// protobufjs is @grpc/proto-loader's and @grpc/reflection's own dependency (one hoisted copy):
// the descriptors in a PackageDefinition are its encodings, and reflection decodes them with it.
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

/**
 * Server reflection describes the API with the FileDescriptorProtos of the PackageDefinition,
 * and grpcurl `describe` prints the comments of those descriptors' `source_code_info`. Those that
 * @grpc/proto-loader builds (protobufjs `toDescriptor`) carry no source_code_info, so the .proto
 * comments never reach a client. This module puts them back: it parses the .proto files again
 * with protobufjs in `alternateCommentMode` (which keeps `//` comments on the parsed objects)
 * and adds one `source_code_info` location per commented element, as protoc would.
 *
 * @grpc/reflection decodes these buffers with protobufjs's full descriptor.proto (which has
 * SourceCodeInfo) and serves its own re-encoding of them, so the locations reach the wire as is.
 */

/** Where the .proto files of a PackageDefinition are, as given to proto-loader. */
export interface SourceCommentOptions {
  /** Folders the files (and their imports) are looked up in: proto-loader's `includeDirs`. */
  includeDirs: string[];
  /** The .proto files the definition was loaded from, relative to an include dir, or absolute. */
  files: string[];
}

/**
 * The comments of every commented element of some .proto files, by a key naming the element
 * (see {@link commentKey}); the text is protobufjs's: `//` stripped, lines trimmed.
 */
export type ProtoComments = ReadonlyMap<string, string>;

/** Descriptor field numbers of descriptor.proto, which source_code_info paths are made of. */
const FILE_MESSAGE_TYPE = 4;
const FILE_ENUM_TYPE = 5;
const FILE_SERVICE = 6;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED_TYPE = 3;
const MESSAGE_ENUM_TYPE = 4;
const MESSAGE_ONEOF_DECL = 8;
const ENUM_VALUE = 2;
const SERVICE_METHOD = 2;

/**
 * protobufjs does not keep where an element was declared, and proto-loader serves one file per
 * package (ordermesh_v1.proto) rather than the source files, so there is no meaningful line to
 * give. A span must still have 3 or 4 elements (protodesc, used by grpcurl, rejects others).
 */
const UNKNOWN_SPAN = [0, 0, 0];

type Kind = 'message' | 'field' | 'oneof' | 'enum' | 'value' | 'service' | 'method';

/**
 * The key of an element in {@link ProtoComments}. `name` is the fully qualified name without a
 * leading dot, except for fields, named `<message>#<number>` (numbers survive proto-loader's
 * camelCasing of field names when keepCase is off).
 */
export function commentKey(kind: Kind, name: string): string {
  return `${kind}:${name}`;
}

/** Reads the comments of `options.files` and of the imports found in `options.includeDirs`. */
export function readProtoComments(options: SourceCommentOptions): ProtoComments {
  const comments = new Map<string, string>();
  const seen = new Set<string>();
  const pending: { file: string; importedBy?: string }[] = options.files.map((file) => ({ file }));
  for (let next = pending.shift(); next; next = pending.shift()) {
    // As proto-loader finds them: in the include dirs first, then relative to the importing
    // file (or, for the files asked for, to the working directory).
    const path = resolveProto(next.file, [...options.includeDirs, next.importedBy ? dirname(next.importedBy) : '.']);
    if (!path) {
      // An import that is not on disk, e.g. google/protobuf/*.proto, which protobufjs bundles
      // (without comments).
      if (!next.importedBy) throw new Error(`cannot find ${next.file} in ${options.includeDirs.join(', ')}`);
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    let parsed: protobuf.IParserResult;
    try {
      parsed = protobuf.parse(readFileSync(path, 'utf8'), { keepCase: true, alternateCommentMode: true });
    } catch (err) {
      throw new Error(`cannot parse ${path}: ${(err as Error).message}`, { cause: err });
    }
    collect(parsed.root, comments);
    for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      pending.push({ file: imported, importedBy: path });
    }
  }
  return comments;
}

function resolveProto(file: string, includeDirs: string[]): string | undefined {
  if (isAbsolute(file)) return existsSync(file) ? file : undefined;
  return includeDirs.map((dir) => join(dir, file)).find((path) => existsSync(path));
}

function fqn(obj: protobuf.ReflectionObject): string {
  return obj.fullName.replace(/^\./, '');
}

function set(comments: Map<string, string>, key: string, comment: string | null | undefined): void {
  if (comment && comment.trim() !== '') comments.set(key, comment);
}

function collect(ns: protobuf.NamespaceBase, comments: Map<string, string>): void {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) {
      set(comments, commentKey('message', fqn(obj)), obj.comment);
      for (const field of obj.fieldsArray) set(comments, commentKey('field', `${fqn(obj)}#${field.id}`), field.comment);
      for (const oneof of obj.oneofsArray) {
        set(comments, commentKey('oneof', `${fqn(obj)}.${oneof.name}`), oneof.comment);
        // A definition loaded without keepCase names its oneofs in camelCase.
        set(comments, commentKey('oneof', `${fqn(obj)}.${protobuf.util.camelCase(oneof.name)}`), oneof.comment);
      }
    } else if (obj instanceof protobuf.Enum) {
      set(comments, commentKey('enum', fqn(obj)), obj.comment);
      for (const [name, comment] of Object.entries(obj.comments)) set(comments, commentKey('value', `${fqn(obj)}.${name}`), comment);
    } else if (obj instanceof protobuf.Service) {
      set(comments, commentKey('service', fqn(obj)), obj.comment);
      for (const method of obj.methodsArray) set(comments, commentKey('method', `${fqn(obj)}.${method.name}`), method.comment);
    }
    // Packages, and the messages and enums nested in a message (Type and Service are Namespaces).
    if (obj instanceof protobuf.Namespace) collect(obj, comments);
  }
}

/**
 * A comment as protoc puts it in `leading_comments`: each line as it followed `//` (protobufjs
 * trims them, so one space is put back), each ending in a newline.
 */
export function protocComment(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '\n' : ` ${line}\n`))
    .join('');
}

interface Location {
  path: number[];
  span: number[];
  leadingComments?: string;
}
interface Named {
  name?: string;
}
interface EnumDesc extends Named {
  value?: Named[];
}
interface MessageDesc extends Named {
  field?: (Named & { number?: number })[];
  nestedType?: MessageDesc[];
  enumType?: EnumDesc[];
  oneofDecl?: Named[];
}
interface FileDesc {
  package?: string;
  messageType?: MessageDesc[];
  enumType?: EnumDesc[];
  service?: (Named & { method?: Named[] })[];
  sourceCodeInfo?: { location?: Location[] } | null;
}

/**
 * The locations, one per commented element of `file`, with the path descriptor.proto defines
 * for it (e.g. [4, m, 2, f] for field f of message m) and the comment as `leading_comments`.
 */
export function commentLocations(file: FileDesc, comments: ProtoComments): Location[] {
  const locations: Location[] = [];
  const add = (path: number[], key: string): void => {
    const comment = comments.get(key);
    if (comment !== undefined) locations.push({ path, span: [...UNKNOWN_SPAN], leadingComments: protocComment(comment) });
  };
  const scoped = (scope: string, name: string | undefined): string => (scope ? `${scope}.${name ?? ''}` : (name ?? ''));
  const enumLocations = (e: EnumDesc, path: number[], name: string): void => {
    add(path, commentKey('enum', name));
    (e.value ?? []).forEach((v, i) => add([...path, ENUM_VALUE, i], commentKey('value', `${name}.${v.name ?? ''}`)));
  };
  const messageLocations = (m: MessageDesc, path: number[], name: string): void => {
    add(path, commentKey('message', name));
    (m.field ?? []).forEach((f, i) => add([...path, MESSAGE_FIELD, i], commentKey('field', `${name}#${f.number ?? 0}`)));
    (m.oneofDecl ?? []).forEach((o, i) => add([...path, MESSAGE_ONEOF_DECL, i], commentKey('oneof', `${name}.${o.name ?? ''}`)));
    (m.nestedType ?? []).forEach((n, i) => messageLocations(n, [...path, MESSAGE_NESTED_TYPE, i], `${name}.${n.name ?? ''}`));
    (m.enumType ?? []).forEach((e, i) => enumLocations(e, [...path, MESSAGE_ENUM_TYPE, i], `${name}.${e.name ?? ''}`));
  };
  const pkg = file.package ?? '';
  (file.messageType ?? []).forEach((m, i) => messageLocations(m, [FILE_MESSAGE_TYPE, i], scoped(pkg, m.name)));
  (file.enumType ?? []).forEach((e, i) => enumLocations(e, [FILE_ENUM_TYPE, i], scoped(pkg, e.name)));
  (file.service ?? []).forEach((s, i) => {
    const name = scoped(pkg, s.name);
    add([FILE_SERVICE, i], commentKey('service', name));
    (s.method ?? []).forEach((m, j) => add([FILE_SERVICE, i, SERVICE_METHOD, j], commentKey('method', `${name}.${m.name ?? ''}`)));
  });
  return locations;
}

/**
 * One encoded FileDescriptorProto with the comments added to its source_code_info. Locations it
 * already has (by path) are kept as they are; a file with no commented element is returned as is.
 */
export function addSourceComments(encoded: Uint8Array, comments: ProtoComments): Buffer {
  const file = descriptor.FileDescriptorProto.decode(encoded) as unknown as FileDesc;
  const existing = file.sourceCodeInfo?.location ?? [];
  const have = new Set(existing.map((l) => l.path.join('.')));
  const added = commentLocations(file, comments).filter((l) => !have.has(l.path.join('.')));
  if (added.length === 0) return Buffer.from(encoded);
  file.sourceCodeInfo = { location: [...existing, ...added] };
  return Buffer.from(descriptor.FileDescriptorProto.encode(file as unknown as protobuf.Message).finish());
}

/**
 * A copy of `definition` whose FileDescriptorProtos carry the comments of the .proto files it
 * was loaded from (see the module comment), for server reflection. Everything else (service
 * definitions, serializers, type descriptors) is the same; entries that shared one descriptor
 * list still share one.
 */
export function withSourceComments(definition: PackageDefinition, options: SourceCommentOptions): PackageDefinition {
  const comments = readProtoComments(options);
  const rewritten = new Map<Buffer[], Buffer[]>();
  const protos = (list: Buffer[]): Buffer[] => {
    let out = rewritten.get(list);
    if (!out) {
      out = list.map((encoded) => addSourceComments(encoded, comments));
      rewritten.set(list, out);
    }
    return out;
  };
  const typeDefinition = <T extends MessageTypeDefinition<object, object> | EnumTypeDefinition>(type: T): T =>
    Array.isArray(type.fileDescriptorProtos) ? { ...type, fileDescriptorProtos: protos(type.fileDescriptorProtos) } : type;
  const result: PackageDefinition = {};
  for (const [name, entry] of Object.entries(definition)) {
    result[name] = isTypeDefinition(entry)
      ? typeDefinition(entry)
      : Object.fromEntries(
          Object.entries(entry).map(([methodName, method]): [string, MethodDefinition<object, object>] => [
            methodName,
            { ...method, requestType: typeDefinition(method.requestType), responseType: typeDefinition(method.responseType) },
          ]),
        );
  }
  return result;
}

function isTypeDefinition(entry: AnyDefinition): entry is MessageTypeDefinition<object, object> | EnumTypeDefinition {
  return typeof (entry as { format?: unknown }).format === 'string' && 'fileDescriptorProtos' in entry;
}
