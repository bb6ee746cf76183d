export { LatencySeries, percentile, summarizeLatencies, type LatencySummary } from './latency.js';
