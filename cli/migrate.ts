import { createRootLogger } from '#lib/logging/index.js';
import { startEmbeddedPostgres } from '#lib/postgres/index.js';
import { loadWarehouseConfig } from '#warehouse/src/config.js';
import { migrateDatabase, openDatabase } from '#warehouse/src/db/index.js';

/** `ordermesh migrate`: applies pending migrations to DATABASE_URL (or the embedded Postgres) and exits. */
export async function migrateMain(): Promise<void> {
  const config = loadWarehouseConfig({ nodeId: 'migrate', region: 'HCM' });
  const log = createRootLogger({ service: 'migrate', level: config.logLevel });
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, log });
  const database = openDatabase({ url: config.databaseUrl ?? embedded!.url, poolSize: 2, log });
  try {
    await migrateDatabase(database);
    log.info('migrations applied');
  } finally {
    await database.close();
    await embedded?.stop();
  }
}
