/**
 * Delay before delivery attempt `attempt + 1`: exponential from `baseMs`, capped at `maxMs`,
 * with ±50% jitter so that retries of many orders after one outage do not arrive together.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random()));
}
