import * as grpc from '@grpc/grpc-js';
import { StatusCarryingError } from '../errors/index.js';
import type { Role } from './roles.js';

/** The method as people write it: 'ordermesh.v1.OrderService/CreateOrder'. */
function shown(method: string): string {
  return method.startsWith('/') ? method.slice(1) : method;
}

/**
 * Thrown by the authorizer when a call cannot be attributed to anyone: no verified client
 * certificate with a mesh identity, and no acceptable bearer token. Answered UNAUTHENTICATED
 * (it carries its own status, which lib/grpc's status table passes through).
 */
export class UnauthenticatedError extends StatusCarryingError {
  readonly code = grpc.status.UNAUTHENTICATED;
  constructor(
    readonly method: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${shown(method)} needs an authenticated caller: ${reason}`, options);
  }
}

/**
 * Thrown by the authorizer when the caller is known but holds none of the roles the method
 * needs (or names a caller it may not act for). Answered PERMISSION_DENIED, naming the method,
 * the role(s) missing and the caller.
 */
export class PermissionDeniedError extends StatusCarryingError {
  readonly code = grpc.status.PERMISSION_DENIED;
  constructor(
    readonly method: string,
    readonly identity: string,
    /** The roles any one of which would have allowed the call; empty: no role may call it. */
    readonly needed: readonly Role[],
    /** The roles the caller holds. */
    readonly held: ReadonlySet<Role>,
    /** Set instead of the role sentence when the refusal is about something else. */
    problem?: string,
  ) {
    const has = held.size ? `holds ${[...held].join(', ')}` : 'holds no role';
    super(
      problem ??
        (needed.length
          ? `${shown(method)} needs the role ${needed.join(' or ')}; ${identity} ${has} (see the policy file, docs/security.md)`
          : `${shown(method)} may not be called by any caller; ${identity} was refused`),
    );
  }
}
