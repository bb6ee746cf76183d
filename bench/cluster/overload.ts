/** The overload phase (issue 13): CreateOrder through the gateway at multiples of the RPC phases' load. */
import { measure } from './measure.js';
import type { RunResults } from './results.js';
import type { Services } from './services.js';
import { gatewayTarget, type Settings } from './settings.js';
import { REGIONS, WAREHOUSES } from './workload.js';

/**
 * Overload (issue 13): CreateOrder through the gateway at 1×, 2× and 5× the RPC phases' load
 * (`--concurrency` calls in flight, which the cluster sustains), then at 1× again. Each row's
 * calls/s is the goodput (answers OK per second); shed calls are its RESOURCE_EXHAUSTED and
 * UNAVAILABLE errors; the last row shows whether throughput came back without a restart.
 */
export async function runOverload(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const spec = { rpc: 'CreateOrder' as const, regions: REGIONS, warehouses: WAREHOUSES, address: services.cluster.gateway() };
  for (const [i, factor] of [...settings.overload, 1].entries()) {
    const phase = i === settings.overload.length ? 'overload 1× after' : `overload ${factor}×`;
    results.rows.push(await measure(settings, services, phase, 'gateway', gatewayTarget(settings), spec, Math.min(4096, factor * settings.concurrency)));
  }
}
