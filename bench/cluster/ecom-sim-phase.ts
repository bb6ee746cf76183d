/** The ecom-sim phase: the shop-front simulator end to end through the gateway. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SimulationSummary } from '#ecom-sim/src/index.js';
import { repoRoot } from '#lib/runtime/index.js';
import { groupCpuBetween, sampleGroups, type GroupCpuSample } from '#warehouse/bench/cpu.js';
import { fmt } from '#warehouse/bench/report.js';
import { progressLine } from './progress.js';
import { cpuPerCall, type RunResults } from './results.js';
import { processGroups, type Services } from './services.js';
import { gatewayTarget, type Settings } from './settings.js';
import { SIM_SEED } from './workload.js';

/**
 * ecom-sim end to end through the gateway, as a child (`ordermesh ecom-sim --json`): its orders
 * row (orders/s, CPU per order), a latency row per RPC, and order → SHIPPED.
 * Thrown by: an Error when it does not finish in time or prints no JSON summary.
 */
export async function runSim(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const gateway = services.cluster.gateway();
  // The issue's end-to-end figure: shoppers pay 0-50 ms after their order is placed.
  const args = ['ecom-sim', '--target', gateway, '--orders', String(settings.orders), '--concurrency', String(settings.simConcurrency), '--payment-delay-ms', '0-50', '--seed', String(SIM_SEED), '--json'];
  progressLine(`ecom-sim: ordermesh ${args.join(' ')}`);
  const child = spawn(process.execPath, [join(repoRoot(), 'bin/ordermesh.js'), ...args], {
    env: { ...process.env, ORDERMESH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  services.cleanup.add('ecom-sim', async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  // With --json, stdout is the summary alone, one line: the window ends when it arrives (the
  // process is gone by its exit, and its CPU with it).
  let stdout = '';
  let after: GroupCpuSample | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (!after && stdout.includes('\n')) after = sampleGroups(processGroups(services, child.pid ?? -1));
  });
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) progressLine(`ecom-sim: ${line.trim()}`);
  });
  const started = performance.now();
  const before = sampleGroups(processGroups(services, child.pid ?? -1));
  const limitMs = 120_000 + settings.orders * 100;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    throw new Error(`ecom-sim did not finish within ${limitMs / 1000} s`);
  }
  after ??= sampleGroups(processGroups(services, child.pid ?? -1));
  const wallS = (after.at - started) / 1000;
  const json = stdout.trim().split('\n').pop() ?? '';
  let summary: SimulationSummary;
  try {
    summary = JSON.parse(json) as SimulationSummary;
  } catch {
    throw new Error(`ecom-sim exited ${outcome} without a JSON summary; its output ended: ${stdout.slice(-500)}`);
  }
  results.sim = { summary, exitCode: outcome, wallS };
  const cpu = groupCpuBetween(before, after);
  const latency = (rpc: string) => summary.latency.find((l) => l.rpc === rpc);
  const acknowledged = summary.orders.acknowledged;
  const orderErrors = summary.orders.notAcknowledged + summary.orders.lost + summary.orders.stuck;
  const shipped = summary.orderToFinalByStatus.SHIPPED;
  const target = gatewayTarget(settings);
  const notes = [
    `${summary.orders.placed} placed, ${acknowledged} acknowledged, ${summary.orders.lost} lost, ${summary.orders.stuck} stuck; ` +
      Object.entries(summary.orders.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
  ];
  results.rows.push({
    phase: 'ecom-sim orders',
    kind: 'ecom-sim',
    target,
    calls: summary.orders.placed,
    errors: orderErrors,
    callsPerS: summary.throughput.ordersPerS,
    p50Ms: null,
    p99Ms: null,
    ratioToEcho: null,
    ratioToStraight: null,
    cpu,
    cpuMsPerCall: cpuPerCall(cpu, wallS, acknowledged, false, false),
    notes,
  });
  for (const rpc of ['CreateOrder', 'ConfirmPayment', 'GetOrder']) {
    const l = latency(rpc);
    if (!l) continue;
    results.rows.push({
      phase: `ecom-sim ${rpc}`,
      kind: 'ecom-sim',
      target,
      calls: l.calls,
      errors: l.failed,
      // The throughput is the orders row's; these rows are for the latencies.
      callsPerS: null,
      p50Ms: l.p50Ms,
      p99Ms: l.p99Ms,
      ratioToEcho: null,
      ratioToStraight: null,
      notes: [],
    });
  }
  results.rows.push({
    phase: 'ecom-sim order → SHIPPED',
    kind: 'ecom-sim',
    target,
    calls: shipped?.count ?? 0,
    errors: null,
    callsPerS: null,
    p50Ms: shipped?.p50Ms ?? null,
    p99Ms: shipped?.p99Ms ?? null,
    ratioToEcho: null,
    ratioToStraight: null,
    notes: [],
  });
  progressLine(
    `ecom-sim: ${fmt(summary.throughput.ordersPerS, 1)} orders/s, ${summary.ok ? 'every order final' : `NOT OK (${summary.orders.lost} lost, ${summary.orders.stuck} stuck)`}, exit ${outcome}`,
  );
}
