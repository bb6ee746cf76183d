import { OrdermeshError } from '#lib/errors/index.js';

/** A benchmark flag with a bad value: its message is printed as the whole answer. */
export class UsageError extends OrdermeshError {}

/**
 * The value of numeric flag `--name` (`raw` as given), or `fallback` when absent. The bounds keep
 * a benchmark's run time and load bounded, as this machine's rules ask.
 * Thrown by: UsageError when `raw` is blank, not a (whole) number, or outside min..max.
 */
export function numberFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number, integer = true): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number, not '${raw}'`);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max} (got ${n}); the benchmark's run time and load are bounded`);
  return n;
}
