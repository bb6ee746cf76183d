import type { z } from 'zod';
import { InvalidArgumentError } from '../errors/index.js';

function snake(segment: PropertyKey): string {
  return String(segment).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A zod path as users write fields, in the proto's (snake_case) names they type:
 * `['items', 2, 'unitPriceCents']` → `items[2].unit_price_cents`.
 */
export function protoFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${snake(seg)}` : snake(seg)), '');
}

/**
 * Parses a request with zod. Thrown by: InvalidArgumentError naming the field of the first
 * problem (`request` when the problem is the whole message).
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new InvalidArgumentError('request', 'is invalid');
  throw new InvalidArgumentError(protoFieldPath(issue.path) || 'request', issue.message);
}
