import { createRootLogger } from '#lib/logging/index.js';
import { runProcess } from '#lib/runtime/index.js';
import { startTelemetry } from '#lib/telemetry/index.js';
import { loadWmsSimConfig, type WmsSimFlags } from './config.js';
import { WmsSim } from './wms-sim.js';

/** `ordermesh wms-sim`: runs the warehouse-management simulator until SIGTERM/SIGINT. */
export async function wmsSimMain(flags: WmsSimFlags): Promise<never> {
  const config = loadWmsSimConfig(flags);
  const telemetry = startTelemetry({ serviceName: 'ordermesh-wms-sim', env: config.otelEnv });
  const log = createRootLogger({ service: 'wms-sim', level: config.logLevel });
  const sim = new WmsSim(config, log);
  return runProcess((signal) => sim.start(signal), { log, finally: () => telemetry.shutdown() });
}
