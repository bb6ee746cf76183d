/** The failover phase: kill -9 of an HCM node, and the time until a new epoch without it. */
import { Etcd3 } from 'etcd3';
import { assignmentKey, nodeKey } from '#lib/membership/index.js';
import { parseAssignment, type Assignment } from '#lib/routing/index.js';
import { sleep } from '#lib/runtime/index.js';
import type { LoadResult } from '#warehouse/bench/protocol.js';
import { fmt } from '#warehouse/bench/report.js';
import { GOAL_FAILOVER_SLACK_MS } from './goals.js';
import { runLoad } from './measure.js';
import { progressLine } from './progress.js';
import type { FailoverRun, RunResults } from './results.js';
import type { Services } from './services.js';
import type { Settings } from './settings.js';

/**
 * The failovers: hcm-2 joins HCM; then, --failovers times, kill -9 of an HCM node (hcm-2 and
 * hcm-1 in turn) and the time until its lease expires and until the controller publishes an
 * assignment without it, with a light CreateOrder load through the gateway; the node is
 * restarted between runs.
 * Thrown by: an Error when there is no assignment in etcd or the victim is not in it.
 */
export async function runFailovers(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const { cluster } = services;
  const etcd = new Etcd3({ hosts: cluster.etcd.endpoints });
  services.cleanup.add('the etcd client', async () => etcd.close());
  const hcmMembers = (a: Assignment): string[] => a.regions.find((r) => r.region === 'HCM')?.members ?? [];
  progressLine('failover: starting hcm-2, so that HCM keeps a node when one is killed');
  await cluster.startNode('hcm-2', 'HCM');
  await cluster.waitForAssignment((a) => hcmMembers(a).length === 2, 'hcm-1 and hcm-2 in HCM', 30_000);
  const ttlMs = settings.leaseTtlS * 1000;
  for (let run = 1; run <= settings.failovers; run++) {
    const victim = run % 2 === 1 ? 'hcm-2' : 'hcm-1';
    // Let the (re)started node renew its lease a few times and every router see it.
    await sleep(Math.max(1_500, ttlMs));
    const beforeJson = await etcd.get(assignmentKey(cluster.prefix)).string();
    if (!beforeJson) throw new Error('no assignment in etcd');
    const before = parseAssignment(beforeJson);
    if (!before.nodes.some((n) => n.nodeId === victim)) throw new Error(`${victim} is not in the assignment before the kill`);

    let killedAt: number | undefined;
    let killedAtWall = 0;
    let killed: Promise<void> | undefined;
    const kill = (): void => {
      killedAt = performance.now();
      killedAtWall = Date.now();
      killed = cluster.killNode(victim, 'SIGKILL');
    };
    let load: Promise<{ result: LoadResult }> | undefined;
    if (settings.failoverLoad > 0) {
      let measuring: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => (measuring = resolve));
      load = runLoad(
        settings,
        services,
        {
          label: `failover ${run} load`,
          target: 'failover',
          address: cluster.gateway(),
          rpc: 'CreateOrder',
          regions: ['HCM'],
          concurrency: settings.failoverLoad,
          warmupS: 1,
          // 1 s before the kill, then the TTL, then 3 s after the new epoch.
          durationS: settings.leaseTtlS + 5,
        },
        () => measuring(),
      );
      await Promise.race([opened, load]);
      await sleep(1_000);
    }
    progressLine(`failover ${run}/${settings.failovers}: kill -9 ${victim} (epoch ${before.epoch})`);
    kill();
    let leaseMs: number | null = null;
    let epochMs: number | null = null;
    let publishedMs: number | null = null;
    let after: Assignment | undefined;
    const limit = killedAt! + ttlMs + 15_000;
    while (performance.now() < limit) {
      const [registration, json] = await Promise.all([etcd.get(nodeKey(cluster.prefix, victim)).string(), etcd.get(assignmentKey(cluster.prefix)).string()]);
      const now = performance.now();
      if (leaseMs === null && registration === null) leaseMs = now - killedAt!;
      const a = json ? parseAssignment(json) : undefined;
      if (a && a.epoch > before.epoch && !a.nodes.some((n) => n.nodeId === victim)) {
        epochMs = now - killedAt!;
        publishedMs = Date.parse(a.publishedAt) - killedAtWall;
        after = a;
        break;
      }
      await sleep(20);
    }
    await killed;
    const loadResult = load ? (await load).result : undefined;
    const entry: FailoverRun = {
      run,
      killed: victim,
      leaseTtlS: settings.leaseTtlS,
      epochBefore: before.epoch,
      epochAfter: after?.epoch ?? null,
      killToLeaseExpiredMs: leaseMs,
      killToNewEpochMs: epochMs,
      killToPublishedMs: publishedMs,
      withinGoal: epochMs !== null && epochMs <= ttlMs + GOAL_FAILOVER_SLACK_MS,
      ...(loadResult ? { load: loadResult } : {}),
    };
    results.failovers.push(entry);
    progressLine(
      `failover ${run}: lease expired ${fmt(leaseMs === null ? null : leaseMs / 1000, 2)} s after the kill, new epoch ${after?.epoch ?? 'none'} after ${fmt(epochMs === null ? null : epochMs / 1000, 2)} s` +
        (loadResult ? `; clients: ${loadResult.calls} calls, ${loadResult.errors} failed, p99 ${fmt(loadResult.p99Ms, 0)} ms` : ''),
    );
    if (run < settings.failovers) {
      progressLine(`failover ${run}: restarting ${victim}`);
      await cluster.startNode(victim, 'HCM');
      await cluster.waitForAssignment((a) => hcmMembers(a).includes(victim), `${victim} back in HCM`, 30_000);
    }
  }
}
