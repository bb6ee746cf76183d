import { callUnary, connectOrdermesh } from '../lib/grpc/index.js';
import { createRootLogger } from '../lib/logging/index.js';
import { runProcess } from '../lib/runtime/index.js';
import { startTelemetry } from '../lib/telemetry/index.js';
import { loadWarehouseConfig } from '../warehouse/src/config.js';
import { WarehouseNode } from '../warehouse/src/warehouse-node.js';
import { UsageError } from './commands.js';
import { demoCatalogue } from './demo-catalogue.js';

const SIMULATION_FLAGS = ['orders', 'concurrency', 'exit', 'rate', 'no-sim', 'lease-ttl', 'nodes-per-region'];

/**
 * `ordermesh dev` (= `npm start`). At this stage of the project: one standalone warehouse node
 * (hcm-1, HCM, :50061) on an embedded Postgres in .data/postgres (or DATABASE_URL), seeded with
 * a demo catalogue when empty, until Ctrl-C. The control plane, the other regions and the
 * simulators join it as they are built.
 */
export async function devMain(flags: Record<string, string | boolean | undefined>): Promise<never> {
  const given = SIMULATION_FLAGS.filter((f) => flags[f] !== undefined);
  if (given.length) throw new UsageError(`--${given.join(', --')}: the simulation and cluster flags need ecom-sim and the control plane, not available yet`);
  const config = loadWarehouseConfig({ nodeId: 'hcm-1', region: 'HCM' });
  const telemetry = startTelemetry({ serviceName: 'ordermesh-warehouse', env: config.otelEnv });
  const log = createRootLogger({ service: 'dev', level: config.logLevel, base: { nodeId: config.nodeId } });
  const node = new WarehouseNode(config, log);
  void node.ready.then(async ({ address, databaseUrl }) => {
    const clients = connectOrdermesh(address);
    try {
      const stock = await callUnary(clients.inventory, clients.inventory.GetStock, { pageSize: 1 }, { deadline: Date.now() + 10_000 });
      if (!stock?.items?.length) {
        for (const request of demoCatalogue()) await callUnary(clients.inventory, clients.inventory.SetStock, request, { deadline: Date.now() + 10_000 });
        log.info('demo catalogue loaded: warehouses HCM-01, HCM-02, HN-01, DN-01; skus SKU-0001..SKU-0020');
      }
    } catch (err) {
      log.warn({ err }, 'could not load the demo catalogue');
    } finally {
      clients.close();
    }
    const safeUrl = databaseUrl.replace(/:[^:@/]*@/, ':***@');
    process.stdout.write(
      [
        '',
        `ordermesh dev: warehouse node hcm-1 (HCM) on ${address}, Postgres ${safeUrl}`,
        `  grpcurl -plaintext ${address} list`,
        `  grpcurl -plaintext -d '{"customer_name":"Lan","region":"HCM","items":[{"sku":"SKU-0001","quantity":2}]}' ${address} ordermesh.v1.OrderService/CreateOrder`,
        `  traces: set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4318) to send them to a collector`,
        '  Ctrl-C stops it.',
        '',
      ].join('\n'),
    );
  });
  return runProcess((signal) => node.start(signal), { log, finally: () => telemetry.shutdown() });
}
