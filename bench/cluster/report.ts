/** The bench's report: the tables and goals for people, or one JSON document with --json. */
import { fmt, table, type MachineInfo } from '#warehouse/bench/report.js';
import { GOAL_GATEWAY_CPU_VS_ECHO, GOAL_GATEWAY_RATIO, GOAL_GATEWAY_READ_RATIO, goals } from './goals.js';
import type { Row, RunResults } from './results.js';
import type { Settings } from './settings.js';
import { CALL_TIMEOUT_MS, PAYMENT_TIMEOUT_MS, REGIONS, SIM_SEED, SKU_COUNT, STRAIGHT_NODE, UNITS_PER_SKU, WAREHOUSES, WMS_INITIAL_STOCK } from './workload.js';

const ms = (n: number | null | undefined, digits = 2): string => fmt(n, digits);
const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '' : `${fmt(100 * r, 1)}%`);
const seconds = (v: number | null): string => (v === null ? 'n/a' : `${fmt(v / 1000, 2)} s`);

/**
 * Prints the run to stdout: JSON with --json, else the tables (main, CPU, failovers) and the
 * goals. Fills in each row's ratio to the first echo phase first.
 */
export function report(settings: Settings, results: RunResults, startedAt: Date, machine: MachineInfo, finishedLoad: MachineInfo['loadAverage']): void {
  const echo = results.rows.find((r) => r.kind === 'echo');
  for (const r of results.rows) if (echo?.callsPerS && r.callsPerS !== null) r.ratioToEcho = r.callsPerS / echo.callsPerS;
  const g = goals(settings, results);
  const settingsOut = {
    ...settings,
    callTimeoutMs: CALL_TIMEOUT_MS,
    cluster: `etcd, Postgres, 1 control plane (controller + gateway), warehouse nodes hcm-1, hn-1, dn-1, wms-sim; each an \`ordermesh\` process from dist/${settings.failovers ? '; hcm-2 joins for the failovers' : ''}`,
    straightTarget: STRAIGHT_NODE,
    orders: `1-3 distinct random skus of ${SKU_COUNT} (1-3 units each), a unique request_id, regions ${REGIONS.join('/')} in turn; stock ${UNITS_PER_SKU} units per sku at ${WAREHOUSES.join(', ')}`,
    ecomSim: `ordermesh ecom-sim --orders ${settings.orders} --concurrency ${settings.simConcurrency} --seed ${SIM_SEED} through the gateway; wms-sim catalogue of 20 skus with ${WMS_INITIAL_STOCK} units per warehouse, otherwise wms-sim's defaults`,
    postgres: 'embedded Postgres on 127.0.0.1, fsync=on, full_page_writes=on, synchronous_commit=on (durable commits, as in production)',
    processes: `log level warn; telemetry on, spans recorded but not exported; payment timeout ${PAYMENT_TIMEOUT_MS / 60_000} min (unpaid bench orders stay RESERVED)`,
  };
  if (settings.json) {
    const out = {
      benchmark: 'cluster: echo ceiling, each RPC straight and through the gateway, ecom-sim end to end, failover',
      date: startedAt.toISOString(),
      machine: { ...machine, loadAverageBefore: machine.loadAverage, loadAverageAfter: finishedLoad },
      settings: settingsOut,
      goals: g,
      rows: results.rows,
      shipping: results.shipping,
      failovers: results.failovers,
      ecomSim: results.sim ?? null,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`ordermesh cluster benchmark (${startedAt.toISOString()})`);
  out.push(
    `machine:  ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.os}; ` +
      `load average before the run ${machine.loadAverage.join(' ')}, after ${finishedLoad.join(' ')}`,
  );
  out.push(
    `settings: echo${settings.rpcs.length ? ` and ${settings.rpcs.join(', ')}` : ''}: ${settings.warmupS} s warm-up + ${settings.durationS} s measured, ${settings.concurrency} in flight over ${settings.channels} channels, deadline ${CALL_TIMEOUT_MS / 1000} s; ` +
      `ecom-sim ${settings.orders} orders at concurrency ${settings.simConcurrency}; ${settings.failovers} failovers, lease TTL ${settings.leaseTtlS} s` +
      `${settings.poolSize !== undefined ? `; node pool ${settings.poolSize}` : ''}`,
  );
  out.push(`cluster:  ${settingsOut.cluster}; straight = ${STRAIGHT_NODE} alone`);
  out.push(`orders:   ${settingsOut.orders}`);
  out.push(`postgres: ${settingsOut.postgres}`);
  out.push('');
  const label = (r: Row): string => r.phase;
  out.push(
    table(
      ['phase', 'target', 'calls', 'errors', 'calls/s', 'p50 ms', 'p99 ms', 'vs echo', 'gateway / straight'],
      results.rows.map((r) => [
        label(r),
        r.target,
        String(r.calls),
        r.errors === null ? '-' : String(r.errors),
        r.callsPerS === null ? '-' : fmt(r.callsPerS, r.kind === 'ecom-sim' && r.callsPerS < 100 ? 1 : 0),
        r.p50Ms === null ? '-' : ms(r.p50Ms, r.p50Ms >= 100 ? 0 : 2),
        r.p99Ms === null ? '-' : ms(r.p99Ms, r.p99Ms >= 100 ? 0 : 2),
        pct(r.ratioToEcho),
        pct(r.ratioToStraight),
      ]),
      [false, false, true, true, true, true, true, true, true],
    ),
  );
  const notes = results.rows.flatMap((r) => r.notes.map((n) => `- ${label(r)} (${r.target}): ${n}`));
  if (notes.length) out.push('', ...notes);
  out.push('');
  out.push(`CPU during each measured window, % of one core (${machine.cpus} cores = ${machine.cpus * 100}%), and CPU ms per successful call (ecom-sim: per order):`);
  const percent = (v: number | undefined): string => (v === undefined ? 'n/a' : `${fmt(v, 0)}%`);
  const groupCell = (r: Row, group: string): string => percent(r.cpu?.groupPct[group]);
  out.push(
    table(
      ['phase', 'target', 'client', 'echo', 'gateway', 'nodes', 'postgres', 'etcd+wms', 'other', 'machine', 'ms/call servers', 'ms/call machine'],
      results.rows
        .filter((r) => r.cpu)
        .map((r) => [
          label(r),
          r.target,
          groupCell(r, 'client'),
          groupCell(r, 'echo'),
          groupCell(r, 'gateway'),
          groupCell(r, 'nodes'),
          groupCell(r, 'postgres'),
          groupCell(r, 'etcd+wms'),
          percent(r.cpu?.otherPct),
          percent(r.cpu?.machinePct),
          fmt(r.cpuMsPerCall?.servers, 3),
          fmt(r.cpuMsPerCall?.machine, 3),
        ]),
      [false, false, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  if (results.failovers.length) {
    out.push('');
    out.push(
      `Failover: kill -9 of an HCM node (hcm-1 and hcm-2 in HCM), lease TTL ${settings.leaseTtlS} s; ` +
        `${settings.failoverLoad ? `${settings.failoverLoad} CreateOrder calls in flight through the gateway from 1 s before the kill` : 'no client load'}:`,
    );
    out.push(
      table(
        ['run', 'killed', 'epoch', 'kill → lease expired', 'kill → new epoch', 'published', 'goal ≤ TTL + 1 s', 'client calls', 'failed', 'p99 ms', 'max ms'],
        results.failovers.map((f) => [
          String(f.run),
          f.killed,
          `${f.epochBefore} → ${f.epochAfter ?? '?'}`,
          seconds(f.killToLeaseExpiredMs),
          seconds(f.killToNewEpochMs),
          seconds(f.killToPublishedMs),
          f.withinGoal ? 'met' : 'not met',
          f.load ? String(f.load.calls) : '-',
          f.load ? String(f.load.errors) : '-',
          f.load ? fmt(f.load.p99Ms, 0) : '-',
          f.load ? fmt(f.load.maxMs, 0) : '-',
        ]),
        [true, false, false, true, true, true, false, true, true, true, true],
      ),
    );
  }
  out.push('');
  out.push('Goals:');
  const yes = (met: boolean | null): string => (met === null ? 'not measured' : met ? 'met' : 'NOT met');
  const others = Object.entries(g.gatewayByRpc).filter(([rpc]) => rpc !== 'CreateOrder');
  out.push(
    g.gatewayCreateOrder.met === null
      ? '- issue 3: CreateOrder through the gateway vs straight: not measured (--rpcs)'
      : `- issue 3: CreateOrder through the gateway = ${pct(g.gatewayCreateOrder.ratio)} of straight (goal ≥ ${GOAL_GATEWAY_RATIO * 100}%: ${yes(g.gatewayCreateOrder.met)})` +
          (others.length ? `; other RPCs: ${others.map(([rpc, r]) => `${rpc} ${pct(r) || 'n/a'}`).join(', ')}` : ''),
  );
  const cpuRows = Object.entries(g.gatewayCpuByRpc);
  if (cpuRows.length) {
    const times = (r: number | null): string => (r === null ? 'n/a' : `${fmt(r, 2)}×`);
    const worst = cpuRows.some(([, c]) => c.ratio === null) ? null : Math.max(...cpuRows.map(([, c]) => c.ratio as number));
    out.push(
      `- issue 9: gateway CPU per forwarded call vs the echo server's per call (${ms(cpuRows[0]?.[1].echoMsPerCall, 3)} ms): ` +
        cpuRows.map(([rpc, c]) => `${rpc} ${ms(c.msPerCall, 3)} ms = ${times(c.ratio)}`).join(', ') +
        ` (goal ≤ ${GOAL_GATEWAY_CPU_VS_ECHO}×: ${yes(worst === null ? null : worst <= GOAL_GATEWAY_CPU_VS_ECHO)})`,
    );
  }
  const reads = ['GetOrder', 'GetStock'].filter((rpc) => rpc in g.gatewayByRpc);
  if (reads.length) {
    const ratios = reads.map((rpc) => g.gatewayByRpc[rpc] ?? null);
    out.push(
      `- issue 9: reads through the gateway vs straight: ${reads.map((rpc, i) => `${rpc} ${pct(ratios[i]) || 'n/a'}`).join(', ')} ` +
        `(goal ≥ ${GOAL_GATEWAY_READ_RATIO * 100}%: ${yes(ratios.some((r) => r === null) ? null : ratios.every((r) => (r as number) >= GOAL_GATEWAY_READ_RATIO))})`,
    );
  }
  out.push(
    g.failover.met === null
      ? '- issue 3: failover: not measured (--failovers 0)'
      : `- issue 3: kill -9 → new epoch ${g.failover.runsMs.map((v) => seconds(v)).join(', ')} (goal ≤ TTL + 1 s = ${fmt(g.failover.limitMs / 1000, 0)} s: ${yes(g.failover.met)})`,
  );
  if (results.sim) {
    const s = results.sim.summary;
    const l = (rpc: string) => s.latency.find((x) => x.rpc === rpc);
    const shipped = s.orderToFinalByStatus.SHIPPED;
    const echoRate = echo?.callsPerS ?? null;
    out.push(
      `- issue 4: ecom-sim ${s.orders.placed} orders at concurrency ${settings.simConcurrency}: ${fmt(s.throughput.ordersPerS, 1)} orders/s (${pct(echoRate ? s.throughput.ordersPerS / echoRate : null) || 'n/a'} of the echo ceiling, ${fmt(echoRate, 0)} calls/s); ` +
        `CreateOrder p50 ${ms(l('CreateOrder')?.p50Ms, 1)} / p99 ${ms(l('CreateOrder')?.p99Ms, 1)} ms; ConfirmPayment p50 ${ms(l('ConfirmPayment')?.p50Ms, 1)} / p99 ${ms(l('ConfirmPayment')?.p99Ms, 1)} ms; ` +
        `order → SHIPPED p50 ${ms(shipped?.p50Ms, 0)} / p99 ${ms(shipped?.p99Ms, 0)} ms (${shipped?.count ?? 0} orders); ${s.ok ? 'every acknowledged order final' : 'NOT every order final'}`,
    );
  }
  const overload = results.rows.filter((r) => r.phase.startsWith('overload'));
  if (overload.length) {
    const base = overload[0];
    const shed = (r: Row): number => (r.load?.errorsByCode.RESOURCE_EXHAUSTED ?? 0) + (r.load?.errorsByCode.UNAVAILABLE ?? 0);
    const other = (r: Row): number => (r.errors ?? 0) - shed(r);
    out.push(
      `- issue 13: overload, CreateOrder through the gateway: ` +
        overload
          .map((r) => `${r.phase.replace('overload ', '')} (${r.load?.concurrency ?? '?'} in flight) ${fmt(r.callsPerS, 0)} OK/s = ${pct(base?.callsPerS ? (r.callsPerS ?? 0) / base.callsPerS : null) || 'n/a'}, p99 ${ms(r.p99Ms, 0)} ms, shed ${shed(r)}, other errors ${other(r)}`)
          .join('; '),
    );
  }
  const echoEnd = results.rows.filter((r) => r.kind === 'echo')[1];
  if (echo && echoEnd && echo.callsPerS) {
    out.push(`- drift: the echo ceiling at the end of the run was ${pct((echoEnd.callsPerS ?? 0) / echo.callsPerS)} of the one at the start`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
