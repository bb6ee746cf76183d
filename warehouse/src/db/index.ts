export { inTransaction, isUnavailable, openDatabase, query, type Database, type DatabaseOptions, type Db, type Tx } from './database.js';
export { DbHealthMonitor, type DbHealthMonitorOptions } from './db-health.js';
export { MIGRATIONS_DIR, migrateDatabase } from './migrate.js';
export * as schema from './schema.js';
