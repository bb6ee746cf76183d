import { z } from 'zod';

/**
 * Schema fragments every service's configuration shares, so one setting reads, validates and
 * words its problems alike everywhere (ORDERMESH_LOG_LEVEL, ORDERMESH_ETCD_ENDPOINTS, ports,
 * timeouts).
 */

/** A whole number from `min` to `max` (both included), from a string or a number. */
export function int(min: number, max: number) {
  return z.coerce.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
}

/** pino's levels, as ORDERMESH_LOG_LEVEL accepts them. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** ORDERMESH_LOG_LEVEL: one of {@link LOG_LEVELS}. */
export const logLevelSchema = z.enum(LOG_LEVELS);

/** A comma-separated setting as a list: items trimmed, empty ones dropped (`'a, b,'` → `['a', 'b']`). */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * ORDERMESH_ETCD_ENDPOINTS: comma-separated URLs of etcd's client endpoints.
 * @param options.required when true, an empty list is a problem (a service that cannot run
 *   without etcd); otherwise it means "no etcd".
 */
export function etcdEndpointsSchema(options: { required: boolean }) {
  const url = z.string().url('each endpoint must be a URL such as http://127.0.0.1:2379');
  const list = options.required ? z.array(url).min(1, 'needs at least one etcd endpoint') : z.array(url);
  return z.string().transform(commaList).pipe(list);
}
