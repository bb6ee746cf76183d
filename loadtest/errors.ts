/**
 * Errors of the load-test kit: small classes with readonly fields and a `cause`, each naming
 * what to fix.
 */

import { OrdermeshError } from '#lib/errors/index.js';

/**
 * Thrown by {@link renderGhzTemplate} for a Go template action this kit does not reproduce
 * (sprig functions, pipelines, `{{-` trimming, comments...). The configs may use only what the
 * renderer knows, so the integration test sends exactly what ghz would.
 */
export class UnsupportedTemplateActionError extends OrdermeshError {
  constructor(
    /** The whole action as written, e.g. `{{upper .UUID}}`. */
    readonly action: string,
    readonly reason: string,
  ) {
    super(`template action ${action} is not supported here (${reason}); use .RequestNumber, .UUID, .WorkerID and the other call-data fields, newUUID, randomString N or randomInt A B`);
  }
}

/** Thrown by {@link parseGhzConfig} when a ghz config file is not what the kit expects. */
export class GhzConfigError extends OrdermeshError {
  constructor(
    /** The config file (or a name for it). */
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ghz config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Thrown by {@link requestJsonFor} when call data is not what ghz can turn into a request. */
export class GhzDataError extends OrdermeshError {
  constructor(
    readonly source: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problem}`, options);
  }
}

/**
 * Thrown by {@link fromProtoJson} when a JSON request does not fit its message type the way
 * protojson (ghz's parser) reads it: an unknown field, or a value of the wrong kind.
 */
export class ProtoJsonError extends OrdermeshError {
  constructor(
    /** Where in the request, e.g. `items[0].quantity`. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path || 'request'}: ${problem}`);
  }
}

/**
 * Thrown by {@link generateOrders} when it could not make the orders asked for: too many were
 * rejected (no stock) or calls kept failing.
 */
export class OrderGenerationError extends OrdermeshError {
  constructor(
    readonly wanted: number,
    readonly made: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`made ${made} of the ${wanted} orders wanted: ${reason}`, options);
  }
}
