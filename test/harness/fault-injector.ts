import { pickDistinct, pickOne, randomInt, type Random } from '#ecom-sim/src/index.js';
import { sleep } from '#lib/runtime/index.js';
import { waitFor } from '#lib/testing/index.js';
import type { TestCluster } from './cluster.js';

/** The faults of the crash-anywhere test (issue 13, item 3). */
export type FaultKind = 'kill-node' | 'kill-leader' | 'kill-wms-sim' | 'kill-postgres' | 'kill-etcd' | 'pause-node';

/** Every fault, in the order a seed picks from. */
export const FAULT_KINDS: readonly FaultKind[] = ['kill-node', 'kill-leader', 'kill-wms-sim', 'kill-postgres', 'kill-etcd', 'pause-node'];

/** One planned fault: what, when and for how long. Everything random about a round is drawn here. */
export interface Fault {
  kind: FaultKind;
  /** The node killed or paused (kill-node, pause-node). */
  nodeId: string | undefined;
  /** When it strikes, from the start of the round's load, in ms. */
  atMs: number;
  /**
   * kill-*: how long the process stays dead before it is restarted, in ms. pause-node: how long
   * the node stays paused after its lease has expired and its share has moved away.
   */
  downMs: number;
}

/**
 * Draws `count` faults from `random`, of `kinds` (default all). Kinds come in shuffled decks of every kind, so that a short
 * run still strikes each kind (20 rounds: each at least three times) in a random order; each fault
 * strikes a random target at a random moment within the first `loadMs` of load (never at 0, never
 * after the load stops) with a down time of up to `maxDownMs`.
 */
export function planFaults(
  random: Random,
  count: number,
  nodeIds: readonly string[],
  loadMs: number,
  maxDownMs: number,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): Fault[] {
  if (kinds.length === 0) throw new Error('planFaults: no fault kinds to draw from');
  const faults: Fault[] = [];
  let deck: FaultKind[] = [];
  while (faults.length < count) {
    if (deck.length === 0) deck = pickDistinct(random, kinds, kinds.length);
    const kind = deck.shift() as FaultKind;
    const nodeId = pickOne(random, nodeIds);
    faults.push({
      kind,
      nodeId: kind === 'kill-node' || kind === 'pause-node' ? nodeId : undefined,
      atMs: randomInt(random, Math.min(200, loadMs), Math.max(200, loadMs - 200)),
      downMs: randomInt(random, 0, maxDownMs),
    });
  }
  return faults;
}

/** A fault as one line, for progress output and failure messages. */
export function describeFault(fault: Fault): string {
  const target = fault.nodeId ? ` ${fault.nodeId}` : '';
  const down = fault.kind === 'pause-node' ? `paused until its lease expired + ${fault.downMs} ms` : `down ${fault.downMs} ms`;
  return `${fault.kind}${target} at ${fault.atMs} ms, ${down}`;
}

/**
 * Strikes `fault` on `cluster` (kill -9, or SIGSTOP past the node's lease then SIGCONT) and leaves
 * the killed process dead for its down time; {@link TestCluster.restartDead} brings it back.
 * Resolves with the name of the process it struck. A paused node is resumed only once the
 * published assignment no longer lists it, so its work in flight is stale for sure.
 */
export async function strikeFault(cluster: TestCluster, fault: Fault): Promise<string> {
  switch (fault.kind) {
    case 'kill-node':
    case 'pause-node': {
      const nodeId = fault.nodeId ?? '';
      const node = cluster.nodes.get(nodeId);
      if (!node) throw new Error(`no node ${nodeId}`);
      if (fault.kind === 'kill-node') {
        await cluster.killNode(nodeId);
        await sleep(fault.downMs);
        return nodeId;
      }
      node.process.kill('SIGSTOP');
      try {
        await cluster.waitForAssignment((a) => !a.nodes.some((n) => n.nodeId === nodeId), `${nodeId} to leave the assignment while paused`, 30_000);
        await sleep(fault.downMs);
      } finally {
        node.process.kill('SIGCONT');
      }
      return nodeId;
    }
    case 'kill-leader': {
      const leader = (await cluster.assignment())?.leader;
      const index = cluster.controlPlanes.findIndex((cp) => cp?.replicaId === leader);
      if (index < 0) throw new Error(`the leader ${leader ?? '(none)'} is not a replica of this cluster`);
      await cluster.killControlPlane(index);
      await sleep(fault.downMs);
      return leader ?? '';
    }
    case 'kill-wms-sim': {
      const wms = cluster.wms;
      if (!wms) throw new Error('wms-sim is not running');
      wms.process.kill('SIGKILL');
      await wms.process.exited;
      await sleep(fault.downMs);
      return 'wms-sim';
    }
    case 'kill-postgres': {
      const postgres = cluster.postgres;
      if (!postgres) throw new Error("the cluster has no Postgres of its own (start it with database: 'own')");
      postgres.kill('SIGKILL');
      await waitFor(() => !postgres.running, { timeoutMs: 10_000, message: 'the killed postmaster to exit' });
      await sleep(fault.downMs);
      return 'postgres';
    }
    case 'kill-etcd': {
      cluster.etcd.kill('SIGKILL');
      await waitFor(() => !cluster.etcd.running, { timeoutMs: 10_000, message: 'the killed etcd to exit' });
      await sleep(fault.downMs);
      return 'etcd';
    }
  }
}
