import { createRootLogger } from '#lib/logging/index.js';
import { parsePostgresUrl, startEmbeddedPostgres } from '#lib/postgres/index.js';
import { auditBooks, formatAudit, type AuditReport } from '#warehouse/src/audit/index.js';
import { loadWarehouseConfig } from '#warehouse/src/config.js';
import { openDatabase } from '#warehouse/src/db/index.js';
import { renderTable } from '#lib/text/index.js';

/**
 * `ordermesh check [--json]`: audits the books of DATABASE_URL (or the embedded Postgres) and
 * exits 1 naming every violation, 0 when they balance, 2 when the database cannot be read.
 */
export async function checkMain(flags: { json?: boolean }): Promise<void> {
  const config = loadWarehouseConfig({ nodeId: 'check', region: 'HCM' });
  const log = createRootLogger({ service: 'check', level: config.logLevel });
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, log });
  const database = openDatabase({ url: config.databaseUrl ?? embedded!.url, poolSize: 2, log });
  try {
    let report: AuditReport;
    try {
      report = await auditBooks(database.sql);
    } catch (err) {
      // One line a person can act on (wrong URL, password, database down), not a stack trace;
      // exit 2: the books were not judged, which is not the same as unbalanced (1).
      const where = parsePostgresUrl(config.databaseUrl ?? embedded!.url);
      process.stderr.write(`ordermesh check: cannot read the database at ${where.hosts.join(',')}/${where.database}: ${(err as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatAudit(report, renderTable)}\n`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await database.close();
    await embedded?.stop();
  }
}
