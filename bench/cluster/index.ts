/**
 * The phases and parts of the cluster benchmark (bench/cluster.bench.ts runs them in order):
 * settings, services, the load generator, each phase, the goals and the report.
 */
export { estimateS, gatewayTarget, parseSettings, USAGE, UsageError, type Settings } from './settings.js';
export { CALL_TIMEOUT_MS, PAYMENT_TIMEOUT_MS, REGIONS, SIM_SEED, SKU_COUNT, skuNames, STRAIGHT_NODE, UNITS_PER_SKU, WAREHOUSES, WMS_INITIAL_STOCK } from './workload.js';
export { progressLine } from './progress.js';
export { cpuPerCall, type CpuPerCall, type FailoverRun, type Row, type RunResults } from './results.js';
export { processGroups, startServices, straightAddress, type Services } from './services.js';
export { measure, runLoad, type LoadRequest } from './measure.js';
export { ensureOrders, readOrders, waitForShipping } from './orders.js';
export { runRpcPhases } from './rpc-phases.js';
export { runOverload } from './overload.js';
export { runSim } from './ecom-sim-phase.js';
export { runFailovers } from './failover.js';
export { GOAL_FAILOVER_SLACK_MS, GOAL_GATEWAY_CPU_VS_ECHO, GOAL_GATEWAY_RATIO, GOAL_GATEWAY_READ_RATIO, goals, type Goals } from './goals.js';
export { report } from './report.js';
