/**
 * Errors of the assignment controller: small classes with readonly fields and a `cause`.
 */

import { OrdermeshError } from '#lib/errors/index.js';

/**
 * A guarded write of the controller was refused by etcd: this replica is no longer the leader,
 * or the key changed since it was read (another writer, or a deposed leader's late write).
 * Thrown by AssignmentReconciler.reconcile; the controller requeues the key, and the next
 * reconcile re-reads the world.
 */
export class GuardFailedError extends OrdermeshError {
  constructor(
    /** What was being written, e.g. 'assignment'. */
    readonly write: string,
    /** The key's mod revision the write expected ('0': absent). */
    readonly expectedModRevision: string,
  ) {
    super(`guarded ${write} write refused (expected mod revision ${expectedModRevision}, or leadership lost)`);
  }
}
