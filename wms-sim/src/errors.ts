/**
 * Errors of wms-sim: small classes with readonly fields and a `cause`.
 */
import { OrdermeshError, UnavailableError } from '#lib/errors/index.js';

/**
 * Thrown by the ShipOrder handler, with the configured failure rate, before anything is
 * recorded: the sender is meant to retry (the status map answers UNAVAILABLE).
 */
export class SimulatedOutageError extends UnavailableError {
  constructor() {
    super('simulated outage; retry');
  }
}

/**
 * Thrown by {@link withRetries} when a retryable call kept failing until the retry budget ran
 * out; `cause` is the last failure.
 */
export class RetryBudgetExhaustedError extends OrdermeshError {
  constructor(
    /** What was being retried, e.g. 'ReportShipment HCM-01J...'. */
    readonly what: string,
    readonly attempts: number,
    readonly budgetMs: number,
    options: { cause: unknown },
  ) {
    super(`${what}: gave up after ${attempts} attempts in ${budgetMs} ms`, options);
  }
}

/**
 * Thrown by {@link withRetries} when its signal aborted (wms-sim is stopping) before the call
 * succeeded; `cause` is the last failure, if there was one.
 */
export class RetryStoppedError extends OrdermeshError {
  constructor(
    readonly what: string,
    readonly attempts: number,
    options: { cause?: unknown } = {},
  ) {
    super(`${what}: stopped after ${attempts} attempts`, options);
  }
}

/**
 * Thrown by the catalogue seeding when the gateway refuses the catalogue for good (e.g. a
 * configured warehouse's region is not in the topology): a configuration problem, not an outage.
 */
export class CatalogueRejectedError extends OrdermeshError {
  constructor(
    readonly warehouseId: string,
    detail: string,
    options: { cause: unknown },
  ) {
    super(`the gateway refused the catalogue of warehouse ${warehouseId}: ${detail}; check ORDERMESH_WMS_WAREHOUSES and ORDERMESH_WMS_SKUS`, options);
  }
}
