import * as grpc from '@grpc/grpc-js';
import { MalformedRequestError } from '../errors/index.js';
import { toStatus } from './status-map.js';

/**
 * Requests decoded where the server can answer for them. grpc-js decodes a request before any
 * handler runs, and answers bytes that do not decode with INTERNAL ("Error deserializing
 * request"), a status that blames the server for the caller's bytes. So unary and
 * server-streaming methods are registered with grpc-js taking their request as bytes, and a
 * wrapper decodes them with the method's own deserializer, once, before the handler: bytes that
 * do not decode are INVALID_ARGUMENT naming the request type, and no handler runs.
 * Client- and bidi-streaming methods (server reflection's is the only one) decode each message
 * as it arrives: the first that does not decode ends the call with that status.
 */

const passBytes = (bytes: Buffer): Buffer => bytes;

/** Decodes a method's request bytes. Thrown by: MalformedRequestError when they do not decode. */
export type RequestDecoder = (bytes: Buffer) => unknown;

/** One method as grpc-js is given it (request as bytes) and the decoder of its request. */
export interface BytesInMethod {
  /** The method definition with an identity request deserializer. */
  readonly definition: grpc.MethodDefinition<unknown, unknown>;
  readonly decode: RequestDecoder;
}

/**
 * The fully qualified request type of a method of a proto-loader definition, e.g.
 * 'ordermesh.v1.GetOrderRequest' (the method's package, then its request message's name).
 */
export function requestMessageName(method: grpc.MethodDefinition<unknown, unknown>): string {
  const service = method.path.slice(1, method.path.lastIndexOf('/'));
  const pkg = service.slice(0, service.lastIndexOf('.'));
  const name = (method as { requestType?: { type?: { name?: string } } }).requestType?.type?.name ?? `${method.path.slice(method.path.lastIndexOf('/') + 1)}Request`;
  return pkg ? `${pkg}.${name}` : name;
}

/** `method` registered to take its request as bytes, with the decoder of those bytes. */
export function bytesIn(method: grpc.MethodDefinition<unknown, unknown>): BytesInMethod {
  const deserialize = method.requestDeserialize;
  const messageType = requestMessageName(method);
  return {
    definition: { ...method, requestDeserialize: passBytes },
    decode(bytes) {
      try {
        return deserialize(bytes);
      } catch (err) {
        throw new MalformedRequestError(messageType, err);
      }
    },
  };
}

/** Replaces the call's request bytes with the decoded request; the status to answer when they do not decode. */
function decodeInPlace(call: { request: unknown }, decode: RequestDecoder): grpc.StatusObject | undefined {
  try {
    call.request = decode(call.request as Buffer);
    return undefined;
  } catch (err) {
    const answer = toStatus(err);
    return { code: answer.code, details: answer.details, metadata: new grpc.Metadata() };
  }
}

/** A unary handler run on the decoded request; bytes that do not decode are answered, the handler not run. */
export function decodingUnary(handler: grpc.handleUnaryCall<unknown, unknown>, decode: RequestDecoder): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const refused = decodeInPlace(call, decode);
    if (refused) callback(refused);
    else handler(call, callback);
  };
}

/** A server-streaming handler run on the decoded request; bytes that do not decode end the stream with the status. */
export function decodingServerStream(handler: grpc.handleServerStreamingCall<unknown, unknown>, decode: RequestDecoder): grpc.handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const refused = decodeInPlace(call, decode);
    if (refused) call.emit('error', refused);
    else handler(call);
  };
}

/** The stream grpc-js hands a client- or bidi-streaming handler; it pushes each request message into it. */
type RequestStream = (grpc.ServerReadableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>) & { push(chunk: unknown): boolean };

/**
 * A client- or bidi-streaming handler that reads decoded messages: each message grpc-js pushes
 * (bytes) is decoded first; the first that does not decode ends the call with its status
 * (the stream's 'error', as a handler's own error would) and no later message is read.
 */
export function decodingRequestStream(handler: (call: RequestStream) => void, decode: RequestDecoder): (call: RequestStream) => void {
  return (call) => {
    const push = call.push.bind(call);
    let refused = false;
    call.push = (chunk: unknown): boolean => {
      if (refused) return false;
      if (chunk === null) return push(null);
      const message = { request: chunk };
      const status = decodeInPlace(message, decode);
      if (!status) return push(message.request);
      refused = true;
      call.emit('error', status);
      return false;
    };
    handler(call);
  };
}

/**
 * Wrappers a server puts around the decoding handlers of {@link decodingService}; they run
 * before the request is decoded (admission, authorization).
 */
export interface DecodingServiceWrappers {
  unary?: (handler: grpc.handleUnaryCall<unknown, unknown>, method: grpc.MethodDefinition<unknown, unknown>) => grpc.handleUnaryCall<unknown, unknown>;
  serverStream?: (handler: grpc.handleServerStreamingCall<unknown, unknown>, method: grpc.MethodDefinition<unknown, unknown>) => grpc.handleServerStreamingCall<unknown, unknown>;
}

/**
 * `definition` and `handlers` with every method taking bytes and decoding them in its handler
 * (see above), unary and server-streaming handlers wrapped once more by `wrappers`.
 */
export function decodingService(
  definition: grpc.ServiceDefinition,
  handlers: grpc.UntypedServiceImplementation,
  wrappers: DecodingServiceWrappers = {},
): { definition: grpc.ServiceDefinition; handlers: grpc.UntypedServiceImplementation } {
  const methods: Record<string, grpc.MethodDefinition<unknown, unknown>> = { ...definition };
  const wrapped: grpc.UntypedServiceImplementation = { ...handlers };
  for (const [name, method] of Object.entries(definition)) {
    // grpc-js finds a handler by the method's name or its original (lower camel case) name;
    // grpc-health-check registers `check` and `watch` for Check and Watch.
    const key = name in handlers ? name : method.originalName;
    const handler = key === undefined ? undefined : handlers[key];
    if (key === undefined || handler === undefined) continue;
    const { definition: bytesMethod, decode } = bytesIn(method);
    methods[name] = bytesMethod;
    if (method.requestStream) {
      wrapped[key] = decodingRequestStream(handler as (call: RequestStream) => void, decode) as grpc.UntypedHandleCall;
    } else if (method.responseStream) {
      const decoding = decodingServerStream(handler as grpc.handleServerStreamingCall<unknown, unknown>, decode);
      wrapped[key] = wrappers.serverStream ? wrappers.serverStream(decoding, method) : decoding;
    } else {
      const decoding = decodingUnary(handler as grpc.handleUnaryCall<unknown, unknown>, decode);
      wrapped[key] = wrappers.unary ? wrappers.unary(decoding, method) : decoding;
    }
  }
  return { definition: methods, handlers: wrapped };
}
