import { isIP } from 'node:net';
import * as grpc from '@grpc/grpc-js';

/**
 * Who a call comes from, for the per-caller in-flight limit: a stable key per caller. The
 * default, {@link peerHost}, is the peer's network address without its port (every connection
 * of one client process, and every process of one host, share it). A server that knows its
 * callers' identities (mutual TLS: the URI SAN of the client certificate; a verified bearer
 * token: its subject) passes a function returning that identity instead.
 */
export type CallerKey = (call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>) => string;

/**
 * The host of a call's peer: grpc-js reports `127.0.0.1:54321`, `::1:54321` or
 * `::ffff:10.0.0.7:54321`; this drops the port. A peer grpc-js cannot name is 'unknown' (all
 * such calls then share one limit).
 */
export function peerHost(call: Pick<grpc.ServerUnaryCall<unknown, unknown>, 'getPeer'>): string {
  const peer = call.getPeer();
  const match = /^(.*):\d+$/.exec(peer);
  const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1');
  return host && isIP(host) ? host : peer;
}

/**
 * Counts the calls each caller has in flight (unary calls until answered, server streams until
 * closed) and refuses one past `max`: one caller (a runaway client, a retry storm, a hostile
 * peer) cannot take every slot of a server. Callers with no call in flight take no memory.
 */
export class InFlightPerCaller {
  private readonly counts = new Map<string, number>();

  constructor(
    /** Calls one caller may have in flight at once. */
    readonly max: number,
  ) {}

  /** Takes a slot for `caller`; false (and nothing taken) when it already has `max` in flight. */
  tryAcquire(caller: string): boolean {
    const n = this.counts.get(caller) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(caller, n + 1);
    return true;
  }

  /** Gives back a slot taken by {@link tryAcquire}. */
  release(caller: string): void {
    const n = (this.counts.get(caller) ?? 1) - 1;
    if (n <= 0) this.counts.delete(caller);
    else this.counts.set(caller, n);
  }

  /** The answer to a call refused by {@link tryAcquire}: RESOURCE_EXHAUSTED naming the caller and the limit. */
  refusal(caller: string): grpc.StatusObject {
    return {
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: `caller ${caller} is at its limit of ${this.max} calls in flight on this server; wait for answers before sending more, retry with backoff`,
      metadata: new grpc.Metadata(),
    };
  }

  /** Calls `caller` has in flight now. */
  inFlight(caller: string): number {
    return this.counts.get(caller) ?? 0;
  }
}
