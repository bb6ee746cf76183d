import { InvalidArgumentError } from '../../../lib/errors/index.js';

/**
 * Opaque page tokens for keyset pagination: base64url JSON of the last row's sort key. Keyset
 * (not offset) paging stays fast and stable while new rows arrive.
 */
export function encodePageToken(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Decodes a token made by {@link encodePageToken}; `shape` checks each element's type.
 * @throws InvalidArgumentError naming page_token when it is not one this server issued.
 */
export function decodePageToken(token: string, shape: readonly ('string' | 'number')[]): (string | number)[] | undefined {
  if (token === '') return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key as (string | number)[];
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError('page_token', 'is not a token this server issued; pass the next_page_token of the previous page, or nothing');
}
