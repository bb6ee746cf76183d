import { createRootLogger } from '#lib/logging/index.js';
import { runProcess } from '#lib/runtime/index.js';
import { startTelemetry } from '#lib/telemetry/index.js';
import { loadWarehouseConfig, type WarehouseFlags } from './config.js';
import { WarehouseNode } from './warehouse-node.js';

/** `ordermesh warehouse`: runs one warehouse node until SIGTERM/SIGINT. */
export async function warehouseMain(flags: WarehouseFlags): Promise<never> {
  const config = loadWarehouseConfig(flags);
  const telemetry = startTelemetry({ serviceName: 'ordermesh-warehouse', env: config.otelEnv, attributes: { 'ordermesh.node_id': config.nodeId } });
  const log = createRootLogger({ service: 'warehouse', level: config.logLevel, base: { nodeId: config.nodeId, region: config.region } });
  const node = new WarehouseNode(config, log);
  return runProcess((signal) => node.start(signal), { log, finally: () => telemetry.shutdown() });
}
