import type * as grpc from '@grpc/grpc-js';
import { spiffeIdOf } from './spiffe.js';

/** What grpc-js knows of a call's TLS peer (not exported by name from grpc-js). */
type AuthContext = ReturnType<grpc.ServerUnaryCall<unknown, unknown>['getAuthContext']>;

/** The part of a server call the identity is read from. */
export interface PeerCall {
  getAuthContext(): AuthContext;
}

/** How deep grpc-js nests its call objects (ServerUnaryCallImpl → interceptors → the base call). */
const MAX_DEPTH = 8;

/**
 * The HTTP/2 session (one per connection) a grpc-js server call came on, found through grpc-js's
 * own objects (`call.call[.nextCall...].stream.session`); undefined when grpc-js is shaped
 * otherwise (then callers read the certificate every call, which is correct, only slower).
 */
function sessionOf(call: PeerCall): object | undefined {
  let current = (call as { call?: unknown }).call;
  for (let depth = 0; depth < MAX_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const session = (current as { stream?: { session?: unknown } }).stream?.session;
    if (typeof session === 'object' && session !== null) return session;
    current = (current as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}

/**
 * The SPIFFE ID of each call's verified client certificate, read once per connection.
 *
 * grpc-js's getAuthContext() calls Node's getPeerCertificate() on every call, which builds the
 * whole certificate object with its fingerprints: far more than a call's own CPU. A connection's
 * client certificate never changes (TLS 1.3 has no renegotiation, and Node refuses it for 1.2
 * servers by default), so the identity is kept per HTTP/2 session and forgotten with it.
 */
export class PeerIdentities {
  private readonly bySession = new WeakMap<object, string | null>();
  /** Calls answered from the per-connection cache, and calls that read the certificate. */
  readonly counts = { cached: 0, read: 0 };

  /** The caller's SPIFFE ID; undefined without a verified certificate carrying one. */
  of(call: PeerCall): string | undefined {
    const session = sessionOf(call);
    if (session) {
      const known = this.bySession.get(session);
      if (known !== undefined) {
        this.counts.cached++;
        return known ?? undefined;
      }
    }
    this.counts.read++;
    const identity = spiffeIdOf(call.getAuthContext().sslPeerCertificate);
    if (session) this.bySession.set(session, identity ?? null);
    return identity;
  }
}
