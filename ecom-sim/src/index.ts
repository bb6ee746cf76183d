/**
 * ecom-sim: the shop-front load simulator. `runSimulation` runs in-process (`ordermesh dev`
 * uses it with the same progress line and summary); `ecomSimMain` is `ordermesh ecom-sim`.
 */
export { runSimulation, type SimulationHooks } from './simulation.js';
export { resolveSimulationOptions, type ResolvedSimulationOptions, type SimulationOptions } from './options.js';
export { DEFAULT_FINAL_STATUSES, STATUS_ORDER, type OrderStatusName } from './order-statuses.js';
export { AcknowledgedRate, type SimulationPhase, type SimulationProgress } from './progress.js';
export { summarizeRun, type RunRecord, type SimulationSummary } from './summary.js';
export { RETRYABLE, statusName, type CallResult } from './call-result.js';
export { OrderLife, type OrderLifeContext } from './order-life.js';
export { endOrderSpan, newOrderState, type OrderState } from './order-state.js';
export { OrderTally } from './order-tally.js';
export { formatProgressLine, formatSummary, progressBar, ProgressRenderer, type ProgressRendererOptions, type TextSink } from './render.js';
export { CSV_COLUMNS, CsvFile, csvEscape, csvHeader, csvRow } from './csv.js';
export { loadEcomSimConfig, type EcomSimConfig, type EcomSimFlags } from './config.js';
export { ecomSimMain, exitCodeOf, EXIT, runEcomSim, type EcomSimIo, type OutputStream } from './main.js';
export { CatalogueUnavailableError, SimulationOptionsError } from './errors.js';
export { catalogueFrom, loadCatalogue, type LoadCatalogueOptions } from './catalogue.js';
export { planOrder, BASKET, type Catalogue, type OrderPlan, type PlanSettings } from './plan.js';
export { RPCS, type RequestRecord, type RpcName } from './request-record.js';
export { percentile, summarizeLatencies, LatencySeries, RequestStats, type LatencySummary, type NodeShare, type RpcStats } from './stats.js';
export { Limiter, type Release } from './limiter.js';
export { pickDistinct, pickOne, randomInt, seededRandom, type Random } from './random.js';
