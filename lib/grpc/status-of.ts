import * as grpc from '@grpc/grpc-js';

/** The gRPC status a failed call carries: its code and its details. */
export interface CallStatus {
  code: grpc.status;
  details: string;
}

/**
 * The gRPC status of an error: what grpc-js rejects a call with, a downstream answer relayed, or
 * one of our errors that carries its own status. Undefined for an error with no status code (a
 * bug, an abort, a dependency's own error), which callers treat as their own "unknown" case.
 * `details` is the error's details, or its message when it has none.
 *
 * One grpc-js answer is corrected: a call whose HTTP/2 stream ended without any gRPC status
 * because the peer closed the connection under it (e.g. a server's keepalive gave up on a client
 * too busy to answer its ping) is reported by grpc-js as INTERNAL, "Received RST_STREAM with code
 * 0 (Call ended without gRPC status)". No server answered it; the connection dropped, which gRPC
 * names UNAVAILABLE, so callers retry it (every ordermesh write is idempotent by its key) rather
 * than take it for a server bug.
 *
 * So is a second: a call whose connection the server closed with a GOAWAY carrying an error code
 * (Node: "Session closed with error code N"). grpc-js reports it INTERNAL, "Received RST_STREAM
 * with code 2 triggered by internal client error: Session closed with error code 2". Node's HTTP/2
 * server (nghttp2 1.57 and later, the fix for the "rapid reset" attack) sends that GOAWAY to a
 * client that cancelled more than 1,000 streams in a burst (then 33 a second): a client past its
 * deadlines at 1,000 calls in flight does exactly that, and every other call on the connection
 * goes with it. gRPC's own transports name a call lost to a GOAWAY UNAVAILABLE.
 */
export function statusOf(err: unknown): CallStatus | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, details, message } = err as { code?: unknown; details?: unknown; message?: unknown };
  // Only codes grpc-js names: a number from elsewhere (an errno, a library's own code) is no status.
  if (typeof code !== 'number' || grpc.status[code] === undefined) return undefined;
  const text = typeof details === 'string' ? details : typeof message === 'string' ? message : '';
  if (code === grpc.status.INTERNAL && ENDED_WITHOUT_STATUS.test(text)) {
    return { code: grpc.status.UNAVAILABLE, details: `connection dropped before the call's status arrived (${text})` };
  }
  if (code === grpc.status.INTERNAL && SESSION_CLOSED.test(text)) {
    return { code: grpc.status.UNAVAILABLE, details: `the server closed the connection under the call (${text})` };
  }
  return { code: code as grpc.status, details: text };
}

/** grpc-js's details for a stream closed with NO_ERROR before any status (see statusOf). */
const ENDED_WITHOUT_STATUS = /Received RST_STREAM with code 0 \(Call ended without gRPC status\)/;

/** grpc-js's details for a call on a connection the peer closed with an erroring GOAWAY (see statusOf). */
const SESSION_CLOSED = /triggered by internal client error: Session closed with error code \d+/;
