import { createRootLogger } from '#lib/logging/index.js';
import { runProcess } from '#lib/runtime/index.js';
import { startTelemetry } from '#lib/telemetry/index.js';
import { loadControlPlaneConfig, type ControlPlaneFlags } from './config.js';
import { ControlPlane } from './control-plane.js';

/** `ordermesh control-plane`: runs one replica until SIGTERM/SIGINT. */
export async function controlPlaneMain(flags: ControlPlaneFlags): Promise<never> {
  const config = loadControlPlaneConfig(flags);
  const telemetry = startTelemetry({ serviceName: 'ordermesh-control-plane', env: config.otelEnv, attributes: { 'ordermesh.replica_id': config.replicaId } });
  const log = createRootLogger({ service: 'control-plane', level: config.logLevel, base: { replicaId: config.replicaId } });
  const replica = new ControlPlane(config, log);
  return runProcess((signal) => replica.start(signal), { log, finally: () => telemetry.shutdown() });
}
