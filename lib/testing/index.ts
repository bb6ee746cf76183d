/**
 * Test harness for real servers: etcd and Postgres on free 127.0.0.1 ports with temporary data,
 * per-test keyspaces and databases, and time-bounded waiting. Used by every integration test;
 * nothing here is mocked.
 */
export { freePort, freePorts } from './free-port.js';
export { cuttableProxy, type CuttableProxy } from './cuttable-proxy.js';
export { resolveEtcdBinary, startEtcd, type EtcdServer, type EtcdServerOptions } from './etcd-server.js';
export { startPostgres, type PostgresServer, type PostgresServerOptions } from './postgres-server.js';
export { createTestDatabase, type CreatedDatabase } from './test-database.js';
export { testDatabase, testEtcd, type TestDatabase, type TestEtcd } from './shared-servers.js';
export { withDeadline } from './deadline.js';
export { waitFor, type Truthy, type WaitForOptions } from './wait-for.js';
export { childPids, isProcessAlive, onProcessExit } from './process-guard.js';
export { readTestingEnv, type TestingEnv } from './env.js';
export {
  DeadlineExceededError,
  EtcdBinaryNotFoundError,
  ServerStartError,
  WaitForTimeoutError,
  type TestServerKind,
} from './errors.js';
