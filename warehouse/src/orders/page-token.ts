import { InvalidArgumentError } from '#lib/errors/index.js';

/**
 * Opaque page tokens for keyset pagination: base64url JSON of the last row's sort key. Keyset
 * (not offset) paging stays fast and stable while new rows arrive.
 */
export function encodePageToken(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What one element of a page token's key is: a Postgres text value, or a time in ms since the epoch. */
export type PageKeyKind = 'string' | 'time';

/** The last ms of year 9999: later Dates serialise as '+10000-...', which Postgres does not parse. */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function isKeyElement(value: unknown, kind: PageKeyKind): boolean {
  // A decoded token is user input bound for SQL: a text value Postgres cannot store (NUL) or a
  // time Postgres cannot take would fail in the query as INTERNAL instead of naming page_token.
  if (kind === 'time') return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_TIME_MS;
  return typeof value === 'string' && !value.includes('\u0000');
}

/**
 * Decodes a token made by {@link encodePageToken}; `shape` checks each element (its type, and
 * that it can go into a query: text without NUL, a time from 1970 to 9999).
 * @throws InvalidArgumentError naming page_token when it is not one this server issued.
 */
export function decodePageToken(token: string, shape: readonly PageKeyKind[]): (string | number)[] | undefined {
  if (token === '') return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => isKeyElement(v, shape[i] ?? 'string'))) return key as (string | number)[];
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError('page_token', 'is not a token this server issued; pass the next_page_token of the previous page, or nothing');
}
