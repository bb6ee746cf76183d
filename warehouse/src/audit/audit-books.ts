import type postgres from 'postgres';
import { BOOK_CHECKS } from './book-checks.js';

/** What one check found. */
export interface CheckResult {
  name: string;
  rule: string;
  violations: number;
  /** Up to `examples` of the violations, each a line a person can act on. */
  examples: string[];
}

/** The verdict of {@link auditBooks}. */
export interface AuditReport {
  ok: boolean;
  /** Orders in the database, by status (the scale of what was checked). */
  orders: Record<string, number>;
  checks: CheckResult[];
  /** When the audit ran (ISO 8601), and how long it took. */
  at: string;
  elapsedMs: number;
}

/**
 * Audits the books from Postgres alone: stock against the orders that hold it, orders against
 * their payments and shipments, the outbox against the orders' lives, money taken against money
 * owed (warehouse/src/audit/book-checks.ts). Every check is one set-based query, all run in one
 * REPEATABLE READ READ ONLY transaction, so they judge one consistent snapshot even while the
 * cluster keeps taking orders, and scale with the tables' size, not with round trips.
 */
export async function auditBooks(sql: postgres.Sql, examples = 5): Promise<AuditReport> {
  const started = performance.now();
  const at = new Date().toISOString();
  return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const [counts, ...found] = await Promise.all([
      tx<{ status: string; n: string }[]>`SELECT status::text AS status, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1`,
      ...BOOK_CHECKS.map((check) =>
        tx.unsafe<{ n: string; examples: string[] | null }[]>(
          `SELECT count(*) AS n, (array_agg(detail ORDER BY detail))[1:${Math.max(1, Math.floor(examples))}] AS examples FROM (${check.sql}) v`,
        ),
      ),
    ]);
    const checks = BOOK_CHECKS.map((check, i): CheckResult => {
      const row = found[i]?.[0];
      return { name: check.name, rule: check.rule, violations: Number(row?.n ?? 0), examples: row?.examples ?? [] };
    });
    return {
      ok: checks.every((c) => c.violations === 0),
      orders: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      checks,
      at,
      elapsedMs: performance.now() - started,
    };
  });
}

/** The report as text for a person: a table of checks, then each violation found. */
export function formatAudit(report: AuditReport, renderTable: (header: string[], rows: (string | number)[][]) => string): string {
  const total = Object.values(report.orders).reduce((a, b) => a + b, 0);
  const byStatus = Object.entries(report.orders).map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
  const lines = [
    `ordermesh check: ${total} orders (${byStatus}), ${report.checks.length} checks in ${Math.round(report.elapsedMs)} ms`,
    '',
    renderTable(
      ['CHECK', 'VIOLATIONS', 'RULE'],
      report.checks.map((c) => [c.name, c.violations, c.rule]),
    ),
  ];
  for (const c of report.checks.filter((x) => x.violations > 0)) {
    lines.push('', `${c.name}: ${c.violations} violation${c.violations === 1 ? '' : 's'}${c.violations > c.examples.length ? ` (first ${c.examples.length})` : ''}`);
    for (const e of c.examples) lines.push(`  ${e}`);
  }
  lines.push('', report.ok ? 'verdict: the books balance' : `verdict: ${report.checks.filter((c) => c.violations > 0).length} checks failed`);
  return lines.join('\n');
}
