import { renderTable } from '#lib/text/index.js';
import { STATUS_ORDER } from './order-statuses.js';
import type { SimulationProgress } from './progress.js';
import type { SimulationSummary } from './summary.js';

/** Where the renderer writes: process.stdout or process.stderr, or anything with `write`. */
export interface TextSink {
  write(text: string): unknown;
}

const BAR_WIDTH = 20;

/** `[#####...............]` for a fraction in [0, 1]. */
export function progressBar(fraction: number, width = BAR_WIDTH): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.floor(f * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The one-line status of a run, e.g.
 * `[#####...............] 512/1000 orders  340/s  RESERVED 12 PAID 40 SHIPPED 400 CANCELLED 50 REJECTED 10  failed 0`.
 * Counts statuses by what the simulator last saw of each order.
 */
export function formatProgressLine(p: SimulationProgress): string {
  if (p.phase === 'catalogue') {
    return `waiting for a catalogue (stock) at ${p.target}${p.waitingFor ? `: ${p.waitingFor}` : ''}`;
  }
  const countFraction = p.ordersTarget ? p.placed / p.ordersTarget : 0;
  const timeFraction = p.durationS ? p.elapsedMs / (p.durationS * 1000) : 0;
  // Once placing is over the bar is full, unless a count was cut short (by the duration or a stop).
  const fraction = p.phase === 'placing' ? Math.max(countFraction, timeFraction) : p.ordersTarget ? countFraction : 1;
  const orders = p.ordersTarget ? `${p.placed}/${p.ordersTarget} orders` : `${p.placed} orders`;
  const clock = p.durationS && p.phase === 'placing' ? `  ${Math.min(p.elapsedMs / 1000, p.durationS).toFixed(0)}/${p.durationS} s` : '';
  const speed = p.phase === 'placing' ? `  ${Math.round(p.ratePerS)}/s` : p.phase === 'settling' ? `  settling ${seconds(p.settleElapsedMs)}: ${p.pending} not final` : '  done';
  const statuses = STATUS_ORDER.filter((s) => s !== 'FULFILLING' || (p.statuses[s] ?? 0) > 0)
    .map((s) => `${s} ${p.statuses[s] ?? 0}`)
    .join(' ');
  const lost = p.lost > 0 ? `  LOST ${p.lost}` : '';
  return `${progressBar(fraction)} ${orders}${clock}${speed}  ${statuses}  failed ${p.failedCalls}${lost}`;
}

/** Options of {@link ProgressRenderer}. */
export interface ProgressRendererOptions {
  /** A terminal: rewrite one line in place. Otherwise: a plain line every `plainIntervalMs`. */
  tty: boolean;
  /** Terminal width; the line is cut to fit so that `\r` can rewrite it. */
  columns?: number;
  /** Default 2 000 ms. */
  plainIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Shows a run's progress: on a terminal a bar and live status rewritten in place with `\r`; when
 * the output is a file or a pipe, a plain line about every two seconds and at each phase change.
 */
export class ProgressRenderer {
  private lastPlainAt = -Infinity;
  private lastPhase: SimulationProgress['phase'] | undefined;
  private last: SimulationProgress | undefined;
  private lineOpen = false;

  constructor(
    private readonly out: TextSink,
    private readonly options: ProgressRendererOptions,
  ) {}

  /** Shows `progress` (on a terminal at once; plain lines only when due). */
  update(progress: SimulationProgress): void {
    this.last = progress;
    const line = formatProgressLine(progress);
    if (this.options.tty) {
      const width = Math.max(20, (this.options.columns ?? 100) - 1);
      this.out.write(`\r${line.length > width ? `${line.slice(0, width - 1)}…` : line}\x1b[K`);
      this.lineOpen = true;
      return;
    }
    const now = (this.options.now ?? Date.now)();
    if (progress.phase !== this.lastPhase || now - this.lastPlainAt >= (this.options.plainIntervalMs ?? 2_000)) {
      this.out.write(`${line}\n`);
      this.lastPlainAt = now;
      this.lastPhase = progress.phase;
    }
  }

  /** Ends the status line, so what follows starts on a line of its own. */
  finish(): void {
    if (this.options.tty && this.lineOpen) this.out.write('\n');
    this.lineOpen = false;
  }

  /** The last progress shown. */
  get latest(): SimulationProgress | undefined {
    return this.last;
  }
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '-');

/** The run's summary as text for a person: a verdict, then tables of statuses, RPCs, nodes and failures. */
export function formatSummary(s: SimulationSummary): string {
  const o = s.orders;
  const verdict = s.interrupted
    ? `INTERRUPTED: stopped before every order settled${o.lost ? `; ${o.lost} LOST` : ''}`
    : s.ok
      ? 'OK: every acknowledged order was read back in a final state'
      : `FAILED: ${o.lost} lost, ${o.stuck} not final after ${s.settleS.toFixed(1)} s of settling`;
  const lines: string[] = [
    `ecom-sim against ${s.target} (seed ${s.seed}, started ${s.startedAt})`,
    `orders: ${o.placed} placed, ${o.acknowledged} acknowledged, ${o.notAcknowledged} not acknowledged, ${o.lost} lost, ${o.stuck} stuck`,
    `payments: ${s.payments.sent} sent, ${s.payments.succeeded} succeeded, ${s.payments.declined} declined, ${s.payments.failed} failed`,
    `throughput: ${s.throughput.ordersPerS.toFixed(1)} orders/s over ${s.placingS.toFixed(1)} s of placing; ` +
      `${s.throughput.callsPerS.toFixed(1)} calls/s overall; settled in ${s.settleS.toFixed(1)} s`,
    verdict,
    '',
  ];
  const statuses = STATUS_ORDER.filter((st) => (o.byStatus[st] ?? 0) > 0).map((st) => {
    const toFinal = s.orderToFinalByStatus[st];
    return [
      st,
      o.byStatus[st] ?? 0,
      pct(o.byStatus[st] ?? 0, o.acknowledged),
      s.finalStatuses.includes(st) ? 'final' : 'NOT FINAL',
      toFinal ? ms(toFinal.p50Ms) : '-',
      toFinal ? ms(toFinal.p99Ms) : '-',
    ];
  });
  if (o.lost) statuses.push(['LOST', o.lost, pct(o.lost, o.acknowledged), 'NOT_FOUND', '-', '-']);
  lines.push(renderTable(['STATUS', 'ORDERS', 'SHARE', '', 'TO FINAL P50 MS', 'TO FINAL P99 MS'], statuses), '');
  lines.push(
    renderTable(
      ['RPC', 'CALLS', 'FAILED', 'P50 MS', 'P90 MS', 'P99 MS', 'MAX MS'],
      s.latency.map((r) => [r.rpc, r.calls, r.failed, ms(r.p50Ms), ms(r.p90Ms), ms(r.p99Ms), ms(r.maxMs)]),
    ),
    '',
  );
  if (s.nodes.length) {
    lines.push(
      renderTable(
        ['NODE', 'ORDERS', 'SHARE', 'CREATE P50 MS', 'CREATE P99 MS'],
        s.nodes.map((n) => [n.nodeId || '(none)', n.orders, pct(n.orders, o.acknowledged), ms(n.createOrder.p50Ms), ms(n.createOrder.p99Ms)]),
      ),
      '',
    );
  }
  const failures = Object.entries(s.failedCalls);
  if (failures.length) {
    lines.push(renderTable(['FAILED CALLS BY CODE', 'CALLS'], failures));
    // Why, in the servers' words: the most frequent details of each code.
    for (const [code, samples] of Object.entries(s.failureSamples)) {
      const top = samples[0];
      if (top) lines.push(`  ${code}: ${top.details} (${top.calls} calls${samples.length > 1 ? `; ${samples.length - 1} other details in --json` : ''})`);
    }
    lines.push('');
  }
  const f = s.orderToFinal;
  lines.push(
    f.count
      ? `order to final state (${f.count} orders; the nodes' created_at to updated_at): ` +
          `p50 ${ms(f.p50Ms)} ms, p90 ${ms(f.p90Ms)} ms, p99 ${ms(f.p99Ms)} ms, max ${ms(f.maxMs)} ms`
      : 'order to final state: no order was seen final',
  );
  if (o.lostOrderIds.length) lines.push(`lost: ${o.lostOrderIds.join(' ')}${o.lost > o.lostOrderIds.length ? ' …' : ''}`);
  if (o.stuckOrderIds.length) lines.push(`not final: ${o.stuckOrderIds.slice(0, 10).join(' ')}${o.stuck > 10 ? ' …' : ''}`);
  return `${lines.join('\n')}\n`;
}
