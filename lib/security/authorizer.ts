import type * as grpc from '@grpc/grpc-js';
import { PermissionDeniedError, UnauthenticatedError } from './errors.js';
import { InvalidTokenError, type JwtVerifier } from './jwt-verifier.js';
import type { AccessPolicy } from './policy.js';
import { PeerIdentities, type PeerCall } from './peer-identity.js';
import { rolesFor } from './roles.js';

/**
 * Metadata key naming the caller a call is made for. The gateway sets it on every call it
 * forwards (the caller it authenticated); a node trusts it only from a forwarder identity of the
 * policy (the control plane's certificate), and checks the named caller's roles itself.
 */
export const PRINCIPAL_METADATA = 'ordermesh-principal';

/**
 * Copies the caller `incoming` was authorized for (PRINCIPAL_METADATA, set by the authorizer) to
 * the metadata of a call made on its behalf: what the gateway does for every call it forwards.
 * Without security (no principal) it copies nothing.
 */
export function forwardPrincipal(incoming: grpc.Metadata, outgoing: grpc.Metadata): void {
  const principal = incoming.get(PRINCIPAL_METADATA)[0];
  if (principal !== undefined) outgoing.set(PRINCIPAL_METADATA, principal);
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** What the authorizer reads of a call: its metadata and its TLS peer. */
export interface AuthorizableCall extends PeerCall {
  readonly metadata: grpc.Metadata;
}

/** Options of {@link Authorizer}. */
export interface AuthorizerOptions {
  policy: AccessPolicy;
  /** Verifies bearer tokens; undefined: this server accepts none. */
  jwt?: JwtVerifier | undefined;
}

/**
 * Decides whether a call may run, before any of its work: who the caller is (the SPIFFE ID of
 * its verified client certificate, or `jwt:<sub>` of its bearer token), who it acts for (a
 * forwarder may name the original caller in {@link PRINCIPAL_METADATA}), and whether that caller
 * holds a role that may call the method. On success the call's metadata names the caller in
 * {@link PRINCIPAL_METADATA}, which the gateway passes on to the node.
 *
 * A certificate caller costs a few map lookups (its identity is read once per connection,
 * peer-identity.ts); a token caller one signature check per token (jwt-verifier.ts remembers
 * verified tokens).
 */
export class Authorizer {
  /** Client-certificate identities, one read per connection. */
  readonly peers = new PeerIdentities();

  constructor(private readonly options: AuthorizerOptions) {}

  /**
   * Returns (or resolves) when `call` may run `method` (a full path); nothing otherwise is changed
   * but the principal metadata.
   * Thrown by (or rejects with): UnauthenticatedError when the caller proves no identity;
   * PermissionDeniedError when it lacks the role, or names a caller without being a forwarder.
   */
  authorize(call: AuthorizableCall, method: string): void | Promise<void> {
    const authorization = call.metadata.get('authorization')[0];
    if (authorization !== undefined) return this.authorizeToken(call, method, String(authorization));
    const identity = this.peers.of(call);
    if (identity === undefined) {
      throw new UnauthenticatedError(
        method,
        'present a client certificate issued by the mesh CA (with a spiffe://ordermesh/ identity) or an "authorization: Bearer <JWT>" header',
      );
    }
    this.decide(call, method, identity, true);
  }

  private async authorizeToken(call: AuthorizableCall, method: string, header: string): Promise<void> {
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw new UnauthenticatedError(method, 'the authorization header must be "Bearer <JWT>"');
    const { jwt } = this.options;
    if (!jwt) throw new UnauthenticatedError(method, 'this server accepts no bearer tokens (ORDERMESH_JWT_KEYS is not set); present a client certificate');
    let identity: string;
    try {
      identity = await jwt.verify(token);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthenticatedError(method, err.message, { cause: err });
      throw err;
    }
    this.decide(call, method, identity, false);
  }

  private decide(call: AuthorizableCall, method: string, caller: string, byCertificate: boolean): void {
    const { policy } = this.options;
    const named = call.metadata.get(PRINCIPAL_METADATA);
    let subject = caller;
    if (named.length > 0) {
      if (!byCertificate || !policy.isForwarder(caller)) {
        throw new PermissionDeniedError(method, caller, [], new Set(), `${PRINCIPAL_METADATA} may be set only by the gateway; ${caller} is not a forwarder in the policy`);
      }
      subject = String(named[0]);
    }
    const needed = rolesFor(method);
    const held = policy.rolesOf(subject);
    if (!needed.some((role) => held.has(role))) throw new PermissionDeniedError(method, subject, needed, held);
    if (subject === caller) call.metadata.set(PRINCIPAL_METADATA, subject);
  }
}
