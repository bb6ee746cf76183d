import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { join } from 'node:path';
import { repoRoot } from '#lib/runtime/index.js';
import type { Database } from './database.js';

/** Folder of the SQL migrations drizzle-kit generated from schema.ts. */
export const MIGRATIONS_DIR = join(repoRoot(), 'warehouse', 'migrations');

const MIGRATION_LOCK = 727_274;

/**
 * Applies pending migrations. Several nodes may start at once against one database, so a
 * session-level advisory lock, held on a reserved connection, lets one of them migrate while
 * the others wait and then find nothing to do.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const lockConnection = await database.sql.reserve();
  try {
    await lockConnection`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(database.db, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await lockConnection`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    lockConnection.release();
  }
}
