/**
 * Contains one known fault of postgres.js 3.4.9 (the newest release; upstream issues
 * porsager/postgres#1066, #1154, #1208, unmerged guards #1168, #1209): when a connection's
 * backend dies while the connection is reserved (inside `sql.begin`, i.e. every drizzle
 * transaction), the transaction's next statement calls `write()` on that connection, which
 * schedules `setImmediate(nextWrite)`, and `nextWrite` runs `socket.write` on a socket that
 * `closed()` already set to null:
 *
 *   TypeError: Cannot read properties of null (reading 'write')
 *     at Immediate.nextWrite (node_modules/postgres/src/connection.js:255:22)
 *
 * Thrown from an immediate, nothing can catch it, and it killed the warehouse node on every
 * Postgres kill -9 under load. The statement it was sending is left pending for good.
 *
 * The guard catches exactly that (a TypeError thrown from postgres.js's connection.js), tells
 * every registered pool owner so it renews its pool (destroying the old pool rejects the
 * stranded statement with CONNECTION_DESTROYED, i.e. UNAVAILABLE), and lets the process live.
 * Every other uncaught exception goes where it would have gone: to the process's other
 * 'uncaughtException' listeners (a test runner), or, when there are none, it is printed and the
 * process exits 1, as Node does by default.
 */

/** Called with the driver fault that was contained: 'stranded-write' needs a new pool, 'orphaned-rejection' nothing. */
export type DriverFaultListener = (err: Error, kind: 'stranded-write' | 'orphaned-rejection') => void;

const listeners = new Set<DriverFaultListener>();

/** True when the first stack frame (where it was thrown, not a caller) is in postgres.js's connection code. */
function thrownInDriver(err: Error): boolean {
  const frame = err.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return frame !== undefined && /[\\/]postgres[\\/](cjs[\\/])?src[\\/](connection|index)\.js/.test(frame);
}

/** True for the fault this guard contains and renews the pool for: a TypeError raised inside postgres.js's connection code. */
export function isDriverFault(err: unknown): err is Error {
  return err instanceof TypeError && thrownInDriver(err);
}

/**
 * True for a connection error of postgres.js that nobody awaits: when a pool is destroyed while
 * one of its connections is fetching the array types after connecting, the driver's own
 * `fetchArrayTypes()` promise rejects with CONNECTION_DESTROYED, unhandled (connection.js calls
 * it from a message handler without awaiting it). Harmless (the pool is going away), so it is
 * logged and dropped, not taken for a crash.
 */
export function isOrphanedDriverRejection(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^CONNECTION_(DESTROYED|CLOSED|ENDED)$/.test(code) && thrownInDriver(err);
}

function capture(err: unknown): void {
  const kind = isDriverFault(err) ? 'stranded-write' : isOrphanedDriverRejection(err) ? 'orphaned-rejection' : undefined;
  if (kind && err instanceof Error) {
    for (const listener of listeners) {
      try {
        listener(err, kind);
      } catch {
        // A listener that fails must not turn a contained fault into a crash.
      }
    }
    return;
  }
  // Not ours: hand it to whoever else listens (node:test attributes it to a test), or die as
  // Node would have.
  if (process.listenerCount('uncaughtException') > 0) {
    (process.emit as (event: string, ...args: unknown[]) => boolean).call(process, 'uncaughtException', err, 'uncaughtException');
    return;
  }
  process.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
}

/**
 * Registers `listener` for contained driver faults and installs the guard (once per process)
 * while at least one listener is registered. Returns the function that unregisters it.
 */
export function onDriverFault(listener: DriverFaultListener): () => void {
  if (listeners.size === 0) {
    // The capture callback, not an 'uncaughtException' listener: a listener would also make the
    // other listeners (a test runner's) see the contained fault as a failure.
    process.setUncaughtExceptionCaptureCallback(capture);
  }
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener)) return;
    if (listeners.size === 0) process.setUncaughtExceptionCaptureCallback(null);
  };
}
