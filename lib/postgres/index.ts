export { postgresBinaries, type PostgresBinaries } from './binaries.js';
export { placeDataDir, RELOCATED_DATA_ROOT } from './data-dir.js';
export { startEmbeddedPostgres, type EmbeddedPostgresOptions, type EmbeddedPostgresServer } from './embedded.js';
export { PostgresStartError } from './errors.js';
export { explainFailure, type FailureContext, type FailureExplanation } from './explain-failure.js';
export { runInitdb, type InitdbOptions } from './initdb.js';
export { postgresUser, userCanEnter, userCanRun, type PostgresUser } from './postgres-user.js';
export { startPostmaster, type Postmaster, type PostmasterOptions } from './postmaster.js';
export * from './patroni/index.js';
