import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childPids } from '#lib/testing/index.js';

/**
 * CPU accounting from /proc (Linux): how much CPU each process of the benchmark used during the
 * measured window, so the report can say where the time went. Elsewhere every figure is
 * undefined and the report prints n/a.
 */

let hz: number | undefined;
function clockTicks(): number {
  if (hz === undefined) {
    try {
      hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      hz = 100;
    }
  }
  return hz;
}

/** CPU seconds (user + system) a process has used so far, or undefined when it is gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** write(2)-family system calls a process has made so far (from /proc/<pid>/io), or undefined. */
function writeSyscalls(pid: number): number | undefined {
  try {
    const m = /^syscw:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineSeconds(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...rest] = line.trim().split(/\s+/);
    const v = rest.map(Number);
    // user nice system idle iowait irq softirq steal (guest counted in user already)
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / clockTicks(), total: total / clockTicks() };
  } catch {
    return undefined;
  }
}

/** The processes whose CPU is reported, by role. */
export interface CpuRoles {
  /** The server measured (echo server or warehouse node). */
  server: number;
  /** The load generator. */
  client: number;
  /** The postmaster; its backends and background workers are found at each sample. */
  postgres: number;
}

/** One snapshot of CPU counters. */
export interface CpuSample {
  at: number;
  perPid: Map<number, number>;
  serverWrites: number | undefined;
  roles: CpuRoles;
  postgresPids: number[];
  machine: { busy: number; total: number } | undefined;
}

/** CPU used between two samples, in % of one core (200 = both cores of a 2-core machine). */
export interface CpuUse {
  serverPct: number | undefined;
  clientPct: number | undefined;
  /** The postmaster and all its children (backends, walwriter, checkpointer, ...). */
  postgresPct: number | undefined;
  /** Busy time of the whole machine, in % of one core. */
  machinePct: number | undefined;
  /** The rest of the machine: busy time not used by the three above (other work on the host). */
  otherPct: number | undefined;
  /** Postgres processes that used CPU in the window (backends serving the pool, mostly). */
  postgresProcesses: number;
  /**
   * write system calls of the server in the window: one per Postgres round trip plus the gRPC
   * responses (batched), so per call it counts round trips without timing noise.
   */
  serverWriteSyscalls: number | undefined;
}

export function sampleCpu(roles: CpuRoles): CpuSample {
  const postgresPids = roles.postgres > 0 ? [roles.postgres, ...childPids(roles.postgres)] : [];
  const perPid = new Map<number, number>();
  for (const pid of [roles.server, roles.client, ...postgresPids]) {
    const s = cpuSeconds(pid);
    if (s !== undefined) perPid.set(pid, s);
  }
  return { at: performance.now(), perPid, serverWrites: writeSyscalls(roles.server), roles, postgresPids, machine: machineSeconds() };
}

export function cpuBetween(a: CpuSample, b: CpuSample): CpuUse {
  const seconds = (b.at - a.at) / 1000;
  const pct = (used: number | undefined): number | undefined => (used === undefined || seconds <= 0 ? undefined : (100 * used) / seconds);
  const used = (pid: number): number | undefined => {
    const end = b.perPid.get(pid);
    if (end === undefined) return undefined;
    // A process that started inside the window used all its CPU inside it.
    return end - (a.perPid.get(pid) ?? 0);
  };
  let postgres: number | undefined;
  let busyPostgres = 0;
  for (const pid of b.postgresPids) {
    const u = used(pid);
    if (u === undefined) continue;
    postgres = (postgres ?? 0) + u;
    if (u > 0) busyPostgres++;
  }
  const serverPct = pct(used(b.roles.server));
  const clientPct = pct(used(b.roles.client));
  const postgresPct = pct(postgres);
  const machinePct = a.machine && b.machine ? pct(b.machine.busy - a.machine.busy) : undefined;
  const otherPct = machinePct === undefined ? undefined : Math.max(0, machinePct - (serverPct ?? 0) - (clientPct ?? 0) - (postgresPct ?? 0));
  const serverWriteSyscalls = a.serverWrites !== undefined && b.serverWrites !== undefined ? b.serverWrites - a.serverWrites : undefined;
  return { serverPct, clientPct, postgresPct, machinePct, otherPct, postgresProcesses: busyPostgres, serverWriteSyscalls };
}

// ---------------------------------------------------------------------------------------------
// Named groups of processes (a whole cluster: load generator, gateway, nodes, Postgres, ...).

/** One snapshot of the CPU counters of named groups of processes. */
export interface GroupCpuSample {
  at: number;
  perPid: Map<number, number>;
  groups: Record<string, readonly number[]>;
  machine: { busy: number; total: number } | undefined;
}

/** CPU used by each group between two samples, in % of one core, and by the rest of the machine. */
export interface GroupCpuUse {
  /** By group; undefined when none of the group's processes could be read. */
  groupPct: Record<string, number | undefined>;
  /** Busy time of the whole machine, in % of one core. */
  machinePct: number | undefined;
  /** Busy time of the machine not used by any group (other work on the host). */
  otherPct: number | undefined;
}

/**
 * Samples every process of `groups` (group name → pids; a pid is read once even when listed in
 * two groups). Callers list child processes themselves, e.g. Postgres as
 * `[postmaster, ...childPids(postmaster)]`, at each sample.
 */
export function sampleGroups(groups: Record<string, readonly number[]>): GroupCpuSample {
  const perPid = new Map<number, number>();
  for (const pids of Object.values(groups)) {
    for (const pid of pids) {
      if (perPid.has(pid)) continue;
      const s = cpuSeconds(pid);
      if (s !== undefined) perPid.set(pid, s);
    }
  }
  return { at: performance.now(), perPid, groups, machine: machineSeconds() };
}

/** CPU of each group of `b` between `a` and `b`; a process that started in between counts whole. */
export function groupCpuBetween(a: GroupCpuSample, b: GroupCpuSample): GroupCpuUse {
  const seconds = (b.at - a.at) / 1000;
  const pct = (used: number | undefined): number | undefined => (used === undefined || seconds <= 0 ? undefined : (100 * used) / seconds);
  const groupPct: Record<string, number | undefined> = {};
  const counted = new Set<number>();
  let accounted = 0;
  for (const [name, pids] of Object.entries(b.groups)) {
    let used: number | undefined;
    for (const pid of pids) {
      const end = b.perPid.get(pid);
      if (end === undefined) continue;
      const u = end - (a.perPid.get(pid) ?? 0);
      used = (used ?? 0) + u;
      if (!counted.has(pid)) {
        counted.add(pid);
        accounted += u;
      }
    }
    groupPct[name] = pct(used);
  }
  const machinePct = a.machine && b.machine ? pct(b.machine.busy - a.machine.busy) : undefined;
  const otherPct = machinePct === undefined ? undefined : Math.max(0, machinePct - (pct(accounted) ?? 0));
  return { groupPct, machinePct, otherPct };
}
