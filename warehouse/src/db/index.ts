export { inTransaction, isUnavailable, openDatabase, ProbeTimeoutError, query, type Database, type DatabaseOptions, type Db, type Tx } from './database.js';
export { classifyCode, classifyDatabaseError, toDatabaseDomainError, type DatabaseFailure } from './pg-errors.js';
export { isDriverFault, isOrphanedDriverRejection, onDriverFault, type DriverFaultListener } from './driver-fault-guard.js';
export { DbHealthMonitor, type DbHealthMonitorOptions } from './db-health.js';
export { MIGRATIONS_DIR, migrateDatabase } from './migrate.js';
export * as schema from './schema.js';
