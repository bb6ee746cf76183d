/**
 * Formatting shared by the benchmarks' reports (create-order.bench.ts, bench/cluster.bench.ts):
 * numbers, Markdown tables, and the machine a run ran on.
 */
import os from 'node:os';

/** `n` with `digits` decimals; 'n/a' for undefined, null, NaN and infinities. */
export const fmt = (n: number | undefined | null, digits: number): string => (n === undefined || n === null || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));

/** A Markdown table, padded to align in a terminal; `rightAligned[i]` for column i. */
export function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned[i] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The machine, as the reports print it. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when this was called: above the core count, other work competed. */
  loadAverage1m: number;
  /** 1-, 5- and 15-minute load averages when this was called. */
  loadAverage: [number, number, number];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
  const round = (n: number): number => Number(n.toFixed(2));
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage1m: round(l1),
    loadAverage: [round(l1), round(l5), round(l15)],
  };
}
