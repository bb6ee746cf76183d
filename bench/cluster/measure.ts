/**
 * One load generator child (warehouse/bench/load-generator.ts) run to its end, with the CPU of
 * every process group over its measured window; and a measured phase of it as a table row.
 */
import { randomBytes } from 'node:crypto';
import { BenchChild } from '#warehouse/bench/children.js';
import { groupCpuBetween, sampleGroups, type GroupCpuSample, type GroupCpuUse } from '#warehouse/bench/cpu.js';
import type { LoadProgress, LoadResult, LoadSpec } from '#warehouse/bench/protocol.js';
import { fmt } from '#warehouse/bench/report.js';
import { progressLine } from './progress.js';
import { cpuPerCall, type Row } from './results.js';
import { processGroups, type Services } from './services.js';
import type { Settings } from './settings.js';
import { CALL_TIMEOUT_MS, skuNames } from './workload.js';

function describeProgress(p: LoadProgress): string {
  const second = Math.min(Math.ceil(p.elapsedS), Math.ceil(p.phaseS));
  return `${p.phase === 'warmup' ? 'warm-up' : 'measure'} ${second}/${p.phaseS} s, ${p.calls} calls in the last second${p.errors ? `, ${p.errors} failed` : ''}`;
}

/** What a load generator runs: its spec without what the bench fills in, and a label for the progress lines. */
export type LoadRequest = Omit<LoadSpec, 'channels' | 'callTimeoutMs' | 'runId' | 'skus'> & { label: string };

/**
 * Runs one load generator to the end. `onMeasureStart` runs when its measured window opens
 * (the failovers kill a node then). Returns its result and the CPU of every group in the window.
 */
export async function runLoad(settings: Settings, services: Services, request: LoadRequest, onMeasureStart?: () => void): Promise<{ result: LoadResult; cpu: GroupCpuUse | undefined }> {
  const { label, ...spec } = request;
  const load = BenchChild.start(`load generator (${label})`, 'load-generator');
  services.cleanup.add(`the load generator (${label})`, () => load.stop());
  await load.waitFor('ready', 30_000);
  let before: GroupCpuSample | undefined;
  let after: GroupCpuSample | undefined;
  const unsubscribe = load.onMessage((m) => {
    if (m.type === 'progress') progressLine(`${label}: ${describeProgress(m.progress)}`);
    if (m.type === 'measure-start') {
      before = sampleGroups(processGroups(services, load.pid));
      onMeasureStart?.();
    }
    if (m.type === 'measure-end') after = sampleGroups(processGroups(services, load.pid));
  });
  const full: LoadSpec = {
    ...spec,
    channels: Math.min(settings.channels, spec.concurrency),
    callTimeoutMs: CALL_TIMEOUT_MS,
    skus: skuNames(),
    runId: randomBytes(4).toString('hex'),
  };
  load.send({ type: 'run', spec: full });
  const limitMs = (full.warmupS + full.durationS) * 1000 + CALL_TIMEOUT_MS + 30_000;
  try {
    const { result } = await load.waitFor('result', limitMs);
    await load.join(10_000);
    return { result, cpu: before && after ? groupCpuBetween(before, after) : undefined };
  } finally {
    unsubscribe();
    await load.stop();
  }
}

function errorsText(result: LoadResult): string {
  return result.errors ? ` (errors: ${Object.entries(result.errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')})` : '';
}

/** One measured phase of the load generator, as a row. */
export async function measure(
  settings: Settings,
  services: Services,
  phase: string,
  kind: 'echo' | 'straight' | 'gateway',
  target: string,
  spec: Omit<LoadRequest, 'label' | 'warmupS' | 'durationS' | 'concurrency' | 'target'>,
  concurrency = settings.concurrency,
): Promise<Row> {
  const label = `${phase}${kind === 'echo' ? '' : ` ${kind}`} c=${concurrency}`;
  progressLine(`${label}: ${settings.warmupS} s warm-up, then ${settings.durationS} s measured, ${concurrency} in flight, to ${target} (${spec.address})`);
  const { result, cpu } = await runLoad(settings, services, { ...spec, label, target: kind, warmupS: settings.warmupS, durationS: settings.durationS, concurrency });
  progressLine(`${label}: ${fmt(result.callsPerS, 0)} calls/s, p50 ${fmt(result.p50Ms, 2)} ms, p99 ${fmt(result.p99Ms, 2)} ms${errorsText(result)}`);
  const notes: string[] = [];
  if (result.exhausted) notes.push(`ran out of RESERVED orders: measured window cut to ${fmt(result.windowS, 1)} s`);
  return {
    phase,
    kind,
    target,
    rpc: result.rpc,
    calls: result.calls,
    errors: result.errors,
    callsPerS: result.callsPerS,
    p50Ms: result.calls ? result.p50Ms : null,
    p99Ms: result.calls ? result.p99Ms : null,
    ratioToEcho: null,
    ratioToStraight: null,
    ...(cpu ? { cpu, cpuMsPerCall: cpuPerCall(cpu, result.windowS, result.calls - result.errors, kind === 'echo', kind === 'gateway') } : {}),
    load: result,
    notes,
  };
}
