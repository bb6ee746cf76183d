import { randomBytes } from 'node:crypto';

import { Etcd3 } from 'etcd3';

import { readTestingEnv } from './env.js';
import { startEtcd, type EtcdServer } from './etcd-server.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';
import { createTestDatabase } from './test-database.js';

/** An etcd to use in one test: a shared server and a key prefix nobody else uses. */
export interface TestEtcd {
  /** Client URLs of the etcd. */
  readonly endpoints: string[];
  /** A unique prefix ending in `/v1/`, e.g. `/ordermesh-test/3f9a.../v1/`; use it as the keyspace prefix. */
  readonly prefix: string;
  /** Deletes every key under the prefix and releases the server. Idempotent. */
  cleanup(): Promise<void>;
}

/** A fresh database to use in one test. */
export interface TestDatabase {
  /** URL of the new, empty database. */
  readonly url: string;
  /** The database's name. */
  readonly name: string;
  /** Drops the database and releases the server. Idempotent. */
  cleanup(): Promise<void>;
}

/**
 * One lazily started server per process, shared by every caller and stopped `lingerMs` after the
 * last user releases it. The linger lets tests that run one after another reuse the server
 * instead of paying a start each; the timer is ref'd, so the process waits for that stop and
 * exits cleanly instead of killing the server from an exit hook.
 */
class SharedServer<S extends { stop(): Promise<void> }> {
  private server: Promise<S> | undefined;
  private users = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly start: () => Promise<S>,
    private readonly lingerMs = 1_000,
  ) {}

  async acquire(): Promise<S> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.users++;
    const pending = (this.server ??= this.start());
    try {
      return await pending;
    } catch (error) {
      this.users--;
      if (this.server === pending) this.server = undefined;
      throw error;
    }
  }

  release(): void {
    this.users--;
    if (this.users > 0) return;
    const pending = this.server;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.users > 0 || this.server !== pending) return;
      this.server = undefined;
      void pending?.then((server) => server.stop()).catch(() => undefined);
    }, this.lingerMs);
  }
}

const sharedEtcd = new SharedServer<EtcdServer>(() => startEtcd());
const sharedPostgres = new SharedServer<PostgresServer>(() => startPostgres());

/**
 * An etcd for one test with its own key prefix. Uses the run's shared etcd when
 * ORDERMESH_TEST_ETCD_ENDPOINTS is set, else one private etcd per test process (started on first
 * use). Always `await cleanup()` (e.g. in `t.after`). Tests that stop or restart etcd must use
 * {@link startEtcd} instead: this server is shared.
 * Thrown by: the errors of {@link startEtcd} when a private etcd cannot start.
 */
export async function testEtcd(): Promise<TestEtcd> {
  const env = readTestingEnv();
  const prefix = `/ordermesh-test/${randomBytes(8).toString('hex')}/v1/`;
  const usesPrivateServer = env.etcdEndpoints === undefined;
  const endpoints = env.etcdEndpoints ? [...env.etcdEndpoints] : (await sharedEtcd.acquire()).endpoints;
  let done = false;
  return {
    endpoints,
    prefix,
    async cleanup() {
      if (done) return;
      done = true;
      const client = new Etcd3({ hosts: endpoints, dialTimeout: 5_000 });
      try {
        await client.delete().prefix(prefix).options({ deadline: Date.now() + 5_000 }).exec();
      } catch {
        // Best effort: a test that stopped the shared etcd must not fail every later cleanup.
      } finally {
        client.close();
        if (usesPrivateServer) sharedEtcd.release();
      }
    },
  };
}

/**
 * A fresh database for one test. Created on the run's shared server when
 * ORDERMESH_TEST_DATABASE_URL is set, else on one private Postgres per test process (started on
 * first use). Always `await cleanup()`. Tests that restart Postgres must use
 * {@link startPostgres} instead.
 * Thrown by: the errors of {@link startPostgres} and {@link createTestDatabase}.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const env = readTestingEnv();
  const usesPrivateServer = env.databaseUrl === undefined;
  const serverUrl = env.databaseUrl ?? (await sharedPostgres.acquire()).url;
  try {
    const database = await createTestDatabase(serverUrl);
    let done = false;
    return {
      url: database.url,
      name: database.name,
      async cleanup() {
        if (done) return;
        done = true;
        try {
          await database.drop();
        } finally {
          if (usesPrivateServer) sharedPostgres.release();
        }
      },
    };
  } catch (error) {
    if (usesPrivateServer) sharedPostgres.release();
    throw error;
  }
}
