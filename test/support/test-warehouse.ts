import { connectOrdermesh, type OrdermeshClients } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { DEFAULT_TOPOLOGY } from '#lib/orders/index.js';
import { startTelemetry, type Telemetry } from '#lib/telemetry/index.js';
import { testDatabase } from '#lib/testing/index.js';
import type { WarehouseConfig } from '#warehouse/src/config.js';
import { openDatabase, type Database } from '#warehouse/src/db/index.js';
import { WarehouseNode } from '#warehouse/src/warehouse-node.js';

/** A warehouse node started for one test, on its own database and a free port. */
export interface TestWarehouse {
  address: string;
  clients: OrdermeshClients;
  /** A separate pool on the node's database, to check what was (not) written. */
  database: Database;
  config: WarehouseConfig;
  stop(): Promise<void>;
}

/** The configuration of a test node; `overrides` change single settings. */
export function testWarehouseConfig(databaseUrl: string, overrides: Partial<WarehouseConfig> = {}): WarehouseConfig {
  return {
    nodeId: 'test-1',
    region: 'HCM',
    host: '127.0.0.1',
    port: 0,
    metricsPort: undefined,
    advertiseAddress: undefined,
    etcdEndpoints: [],
    etcdPrefix: '/ordermesh/v1/',
    leaseTtlS: 3,
    capacity: 1,
    wmsAddress: '127.0.0.1:1',
    // Off by default so tests can compare tables; lifecycle tests turn it on.
    backgroundWork: false,
    databaseUrl,
    dataDir: '',
    embeddedPostgresPort: 0,
    poolSize: 10,
    migrate: true,
    maxMessageBytes: 64 * 1024,
    paymentTimeoutMs: 60_000,
    fulfillmentTimeoutMs: 30_000,
    shutdownGraceMs: 2_000,
    topology: DEFAULT_TOPOLOGY,
    logLevel: 'silent',
    otelEnv: {},
    ...overrides,
  };
}

let telemetry: Telemetry | undefined;

/**
 * Starts a warehouse node on a fresh database (migrated) and connects clients to it. Telemetry
 * starts once per test process, exporting nothing, so orders get real trace ids as in production.
 */
export async function startTestWarehouse(overrides: Partial<WarehouseConfig> = {}): Promise<TestWarehouse> {
  telemetry ??= startTelemetry({ serviceName: 'ordermesh-test', env: {} });
  // A node given a databaseUrl joins that database (another node's) and leaves it in place.
  const db = overrides.databaseUrl ? undefined : await testDatabase();
  const config = testWarehouseConfig(overrides.databaseUrl ?? db?.url ?? '', overrides);
  const node = new WarehouseNode(config, silentLogger());
  const controller = new AbortController();
  const running = node.start(controller.signal);
  running.catch(() => undefined);
  const { address } = await node.ready;
  const clients = connectOrdermesh(address);
  const database = openDatabase({ url: config.databaseUrl ?? '', poolSize: 4, log: silentLogger() });
  return {
    address,
    clients,
    database,
    config,
    stop: async () => {
      clients.close();
      controller.abort();
      await running.catch(() => undefined);
      await database.close();
      await db?.cleanup();
    },
  };
}
