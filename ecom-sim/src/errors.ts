/**
 * Errors of ecom-sim: small classes with readonly fields and a `cause`. The simulation never
 * throws for a failed call (those are counted in the summary); it throws these only when it
 * cannot run at all.
 */

import { OrdermeshError } from '#lib/errors/index.js';

/** Thrown by {@link resolveSimulationOptions} (and so by runSimulation) for an option out of range, or a run nothing bounds. */
export class SimulationOptionsError extends OrdermeshError {
  constructor(
    /** The option, as SimulationOptions spells it (e.g. `paymentFailureRate`). */
    readonly option: string,
    /** What is wrong with it, e.g. `must be from 0 to 1`. */
    readonly problem: string,
  ) {
    super(`${option}: ${problem}`);
  }
}

/**
 * Thrown by loadCatalogue (and so by runSimulation) when no stock could be read from the target
 * within the wait: the cluster is not up, holds no stock yet, or the target is not an ordermesh
 * gateway or node.
 */
export class CatalogueUnavailableError extends OrdermeshError {
  constructor(
    readonly target: string,
    /** How long it waited before giving up, in ms. */
    readonly waitedMs: number,
    /** What the last attempt saw, e.g. `UNAVAILABLE: No connection established` or `no stock`. */
    readonly lastProblem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `could not read a catalogue from ${target} within ${Math.round(waitedMs / 1000)} s (last: ${lastProblem}); ` +
        'check that the gateway (or a warehouse node) listens there and that stock was loaded ' +
        '(`ordermesh dev` and wms-sim load one; or call InventoryService.SetStock)',
      options,
    );
  }
}
