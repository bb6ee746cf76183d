import type * as grpc from '@grpc/grpc-js';
import { bytesIn, requestMessageName } from '#lib/grpc/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { messageShape, type MessageShape } from './wire-reader.js';

/** The request side of one forwarded method. */
export interface RequestType {
  /** The method, e.g. 'GetOrder'. */
  readonly method: string;
  /** The full path, e.g. '/ordermesh.v1.OrderService/GetOrder'. */
  readonly path: string;
  /** Its request message's fields, for reading the routing key from the bytes. */
  readonly shape: MessageShape;
  /**
   * Decodes the request as a node does (proto-loader, the generated types' options). Only for
   * the rare calls the gateway answers itself; forwarded calls are never decoded.
   * Thrown by: MalformedRequestError when the bytes do not decode.
   */
  decode(bytes: Buffer): unknown;
}

const shapes = new Map<string, MessageShape>();

/**
 * The request type of `service`'s `method` (e.g. 'ordermesh.v1.OrderService', 'GetOrder'), from
 * the loaded protos.
 * @throws Error when the service has no such method (a programming error).
 */
export function requestType(service: string, method: string): RequestType {
  const { definition } = loadOrdermesh();
  const methods = definition[service] as grpc.ServiceDefinition | undefined;
  const def = methods?.[method] as grpc.MethodDefinition<unknown, unknown> | undefined;
  if (!def) throw new Error(`no method ${service}/${method} in the loaded protos`);
  return { method, path: def.path, shape: messageShape(definition, requestMessageName(def), shapes), decode: bytesIn(def).decode };
}
