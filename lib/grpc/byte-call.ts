import * as grpc from '@grpc/grpc-js';
import type { CallOptions } from './client.js';

/** What a node answered to a forwarded call, as it came: the serialized response and its metadata. */
export interface ByteAnswer {
  /** The response message, serialized, untouched. */
  response: Buffer;
  /** The node's response headers worth relaying (custom ones); undefined when it sent none. */
  headers: grpc.Metadata | undefined;
  /** The node's trailers. */
  trailers: grpc.Metadata;
}

/** A node's non-OK answer: grpc-js's ServiceError (its `metadata` the trailers) and the headers the node sent. */
export type NodeStatusError = grpc.ServiceError & { headers?: grpc.Metadata };

const identity = (bytes: Buffer): Buffer => bytes;

/**
 * Headers grpc-js (or HTTP/2) sets on every response: the gateway's own server sets them again,
 * so relaying them would duplicate them (or, for grpc-encoding, claim a compression the relayed
 * bytes do not have).
 */
const TRANSPORT_HEADERS = new Set(['content-type', 'grpc-encoding', 'grpc-accept-encoding', 'date', 'server', 'user-agent']);

/** The headers of `metadata` a caller would want relayed; undefined when there are none. */
function customHeaders(metadata: grpc.Metadata): grpc.Metadata | undefined {
  let custom: grpc.Metadata | undefined;
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    if (TRANSPORT_HEADERS.has(key)) continue;
    custom ??= new grpc.Metadata();
    for (const value of values) custom.add(key, value);
  }
  return custom;
}

/**
 * Makes one unary call of `path` with an already serialized request on `client`'s channel and
 * resolves with the serialized response, untouched: identity serializers both ways, so the
 * bytes are neither decoded nor encoded here. The deadline, metadata and cancellation
 * (`options.signal`) are the caller's.
 * Thrown by (rejects with): a NodeStatusError for any status but OK.
 */
export function callBytes(client: grpc.Client, path: string, request: Buffer, options: CallOptions): Promise<ByteAnswer> {
  return new Promise<ByteAnswer>((resolve, reject) => {
    const callOptions: grpc.CallOptions = options.deadline === undefined ? {} : { deadline: options.deadline };
    let response: Buffer | undefined;
    let headers: grpc.Metadata | undefined;
    const { signal } = options;
    const onAbort = (): void => call.cancel();
    const call = client.makeUnaryRequest<Buffer, Buffer>(path, identity, identity, request, options.metadata ?? new grpc.Metadata(), callOptions, (err, value) => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(headers ? Object.assign(err, { headers }) : err);
      else response = value;
    });
    call.on('metadata', (metadata: grpc.Metadata) => (headers = customHeaders(metadata)));
    // grpc-js emits 'status' (with the trailers) right after the callback; an OK answer resolves
    // there, so the trailers go back with it.
    call.on('status', (status: grpc.StatusObject) => {
      if (status.code === grpc.status.OK && response) resolve({ response, headers, trailers: status.metadata });
    });
    if (signal?.aborted) call.cancel();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
