import type * as grpc from '@grpc/grpc-js';
import { MalformedRequestError } from '../errors/index.js';

/**
 * Requests decoded where the server can answer for them. grpc-js decodes a request before any
 * handler runs, and answers bytes that do not decode with INTERNAL ("Error deserializing
 * request"), a status that blames the server for the caller's bytes. So a unary method is
 * registered with grpc-js taking its request as bytes, and the server's handler wrapper decodes
 * them with the method's own deserializer, once, answering INVALID_ARGUMENT naming the request
 * type when they do not decode.
 */

const passBytes = (bytes: Buffer): Buffer => bytes;

/** One unary method as grpc-js is given it (request as bytes) and the decoder of its request. */
export interface BytesInMethod {
  /** The method definition with an identity request deserializer. */
  readonly definition: grpc.MethodDefinition<unknown, unknown>;
  /**
   * Decodes the request bytes as the original definition would have.
   * Thrown by: MalformedRequestError when the bytes are not a request message.
   */
  decode(bytes: Buffer): unknown;
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
