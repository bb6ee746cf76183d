/**
 * The system under test of the CreateOrder benchmark: one warehouse node, configured and started
 * the way `ordermesh warehouse` starts one (loadWarehouseConfig from flags and the environment,
 * telemetry on and recording spans without exporting them, a pino logger, the full gRPC server
 * with health and reflection), on the DATABASE_URL the orchestrator gives it.
 *
 * Run as a child of create-order.bench.ts: reports { type: 'ready', address } over IPC once it
 * listens; drains and stops on SIGTERM/SIGINT or when the parent goes away.
 */
import { createRootLogger } from '#lib/logging/index.js';
import { startTelemetry } from '#lib/telemetry/index.js';
import { loadWarehouseConfig } from '../src/config.js';
import { WarehouseNode } from '../src/warehouse-node.js';
import { onStopRequest, toParent } from './children.js';

const config = loadWarehouseConfig({ nodeId: 'bench-1', region: 'HCM', host: '127.0.0.1', port: '0' }, process.env);
const telemetry = startTelemetry({ serviceName: 'ordermesh-warehouse', env: config.otelEnv, attributes: { 'ordermesh.node_id': config.nodeId } });
const log = createRootLogger({ service: 'warehouse', level: config.logLevel, base: { nodeId: config.nodeId, region: config.region } });
const node = new WarehouseNode(config, log);
const controller = new AbortController();
onStopRequest(() => controller.abort());

node.ready.then(
  ({ address }) => void toParent({ type: 'ready', address }),
  () => undefined,
);

let code = 0;
try {
  await node.start(controller.signal);
} catch (err) {
  code = 1;
  await toParent({ type: 'failed', message: `warehouse node failed: ${(err as Error).message}` });
  log.error({ err }, 'warehouse node failed');
}
await telemetry.shutdown().catch(() => undefined);
process.exit(code);
