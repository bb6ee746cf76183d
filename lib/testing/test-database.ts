import { randomBytes } from 'node:crypto';

import postgres from 'postgres';

/** A database made for one test by {@link createTestDatabase}. */
export interface CreatedDatabase {
  /** The database's name. */
  readonly name: string;
  /** The server URL with the database swapped in. */
  readonly url: string;
  /** Drops the database, disconnecting anyone still connected (WITH (FORCE)). Idempotent. */
  drop(): Promise<void>;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates a fresh database on the server at `serverUrl` (any database URL of that server; its
 * own database is used for the CREATE/DROP) and returns its URL.
 * `name` defaults to `ordermesh_test_<random>`; an explicit name must be a plain lower-case
 * identifier because it is spliced into DDL.
 * Thrown by: RangeError when `name` is not a plain identifier; postgres.js errors when the
 * server is unreachable (within 10 s) or the database exists.
 */
export async function createTestDatabase(serverUrl: string, name?: string): Promise<CreatedDatabase> {
  const database = name ?? `ordermesh_test_${randomBytes(6).toString('hex')}`;
  if (!NAME.test(database)) throw new RangeError(`database name must match ${NAME}: ${JSON.stringify(database)}`);
  await admin(serverUrl, (sql) => sql.unsafe(`CREATE DATABASE "${database}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  let dropped = false;
  return {
    name: database,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      await admin(serverUrl, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
      dropped = true;
    },
  };
}

/** Runs one statement on a short-lived single connection and always closes it. */
async function admin(serverUrl: string, statement: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(serverUrl, { max: 1, connect_timeout: 10, onnotice: () => undefined });
  try {
    await statement(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
