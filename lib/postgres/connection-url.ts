import { z } from 'zod';

/** What a Postgres connection URL names, for messages and checks. */
export interface PostgresUrlParts {
  /** Every `host:port` of the URL, in order (one, or several for a multi-host URL). */
  hosts: string[];
  database: string;
  /** e.g. `target_session_attrs`. */
  params: URLSearchParams;
}

/**
 * Parses a postgres:// URL, also a multi-host one (`postgres://u:p@h1:5432,h2:5432/db?...`,
 * libpq's and postgres.js's form for a primary that moves), which WHATWG's `new URL` rejects.
 * Thrown by: TypeError naming what is wrong.
 */
export function parsePostgresUrl(text: string): PostgresUrlParts {
  const match = /^(postgres(?:ql)?):\/\/(?:[^@/?#]*@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(text);
  if (!match) throw new TypeError('must be a postgres:// URL (postgres://user:password@host:port/database)');
  const hosts = (match[2] ?? '').split(',').filter(Boolean);
  if (hosts.length === 0) throw new TypeError('must name a host (postgres://user:password@host:port/database)');
  for (const host of hosts) {
    // Check each host as a URL of its own: brackets for IPv6, a numeric port.
    try {
      new URL(`postgres://${host}`);
    } catch {
      throw new TypeError(`has an invalid host "${host}"`);
    }
  }
  return { hosts, database: decodeURIComponent((match[3] ?? '/').slice(1)) || 'postgres', params: new URLSearchParams(match[4] ?? '') };
}

/** `text` with its password replaced by `***`, for logs and banners. */
export function redactPostgresUrl(text: string): string {
  return text.replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/** A zod schema for DATABASE_URL: a postgres:// URL with one or several hosts. */
export const postgresUrlSchema = z.string().superRefine((text, ctx) => {
  try {
    parsePostgresUrl(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
