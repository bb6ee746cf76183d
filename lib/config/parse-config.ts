import type { z } from 'zod';
import { OrdermeshError } from '../errors/index.js';

/** Thrown by {@link parseConfig} when the configuration is invalid; lists every problem at once. */
export class ConfigError extends OrdermeshError {
  constructor(
    readonly problems: readonly string[],
    readonly service: string,
  ) {
    super(`invalid ${service} configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates raw configuration (environment variables merged with command-line flags) against a
 * zod schema. Every problem is reported in one error, each naming the variable or flag, so an
 * operator fixes them all in one go instead of one per restart.
 *
 * @param names maps schema keys to how the user spells them (e.g. `nodeId` → `--node-id / ORDERMESH_NODE_ID`).
 * @throws ConfigError when anything is invalid.
 */
export function parseConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  raw: Record<string, unknown>,
  names: Readonly<Record<string, string>> = {},
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    const name = names[key] ?? (key || 'configuration');
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems, service);
}

/**
 * Reads the first defined value among command-line flags and environment variables, the
 * order of precedence used everywhere: a flag beats the environment.
 */
export function pick(...values: Array<string | number | boolean | undefined>): string | number | boolean | undefined {
  return values.find((v) => v !== undefined && v !== '');
}
