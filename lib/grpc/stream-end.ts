import * as grpc from '@grpc/grpc-js';
import { statusOf } from './status-of.js';

/** A server stream as grpc-js hands it to a handler (the request is already in it). */
export type ServerStream = grpc.ServerWritableStream<unknown, unknown>;

/**
 * Calls `onEnd` once, with the stream's final status code, when the server stream is over:
 * OK when the handler ended it; the code of the error the handler (or a wrapper: admission,
 * authorization, decoding) emitted; CANCELLED when the client cancelled it, DEADLINE_EXCEEDED
 * when its deadline passed (grpc-js reports both as 'cancelled').
 */
export function onStreamEnd(call: ServerStream, onEnd: (code: grpc.status) => void): void {
  let code = grpc.status.OK;
  let ended = false;
  const end = (final: grpc.status): void => {
    if (ended) return;
    ended = true;
    onEnd(final);
  };
  // grpc-js's own 'error' listener turns the error into the status it sends; this one only reads it.
  call.on('error', (err: Partial<grpc.StatusObject> | undefined) => {
    code = statusOf(err)?.code ?? grpc.status.UNKNOWN;
  });
  call.once('finish', () => end(code));
  call.once('cancelled', () => end(deadlinePassed(call) ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED));
  call.once('close', () => end(call.cancelled ? grpc.status.CANCELLED : code));
}

function deadlinePassed(call: ServerStream): boolean {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) && Date.now() >= at;
}
