export { buildCatalogue, skuName, unitPriceCents, type Catalogue, type CatalogueEntry, type CatalogueOptions } from './catalogue.js';
export { loadWmsSimConfig, WMS_SIM_DEFAULTS, type DelayRangeMs, type WmsSimConfig, type WmsSimFlags } from './config.js';
export { CatalogueRejectedError, RetryBudgetExhaustedError, RetryStoppedError, SimulatedOutageError } from './errors.js';
export { shipmentIdOf, type ReportState } from './fulfillment-ledger.js';
export { wmsSimMain } from './main.js';
export { WmsSim, type WmsSimOptions, type WmsSimReady } from './wms-sim.js';
