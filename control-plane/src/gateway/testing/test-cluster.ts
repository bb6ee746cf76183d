import type { Etcd3 } from 'etcd3';
import { createEtcdClient } from '#lib/membership/index.js';
import type { Assignment } from '#lib/routing/index.js';
import { testDatabase, testEtcd, waitFor, type TestDatabase, type TestEtcd } from '#lib/testing/index.js';
import { calls, startTestWarehouse, type TestWarehouse } from '#test/support/index.js';
import type { GatewayOptions } from '../gateway.js';
import { putAssignment, startTestGateway, testAssignment, type TestGateway, type TestNodeSpec } from './test-gateway.js';

/** Real warehouse nodes on one shared test database, a gateway, and an etcd prefix. */
export interface TestCluster {
  etcd: TestEtcd;
  /** A client of the test's etcd, for writing assignments and load reports. */
  client: Etcd3;
  databaseUrl: string;
  /** The started nodes by node id. */
  nodes: Map<string, TestWarehouse>;
  gateway: TestGateway;
  /** Call shorthands against the gateway. */
  api: ReturnType<typeof calls>;
  /** Every started node as an assignment entry (ACTIVE), in start order. */
  specs(): TestNodeSpec[];
  /** Writes an assignment of `specs` with `epoch` and waits until the gateway routes on it. */
  publish(specs: readonly TestNodeSpec[], epoch: number): Promise<Assignment>;
  /** Stops everything, in order: gateway, nodes, database, etcd prefix. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts warehouse nodes (one after another, all on one fresh database, as in production) and a
 * gateway watching a fresh etcd prefix. No assignment is written: call {@link TestCluster.publish}.
 */
export async function startTestCluster(
  nodeSpecs: ReadonlyArray<{ nodeId: string; region: string }>,
  options: { gateway?: Partial<Omit<GatewayOptions, 'client' | 'prefix'>> } = {},
): Promise<TestCluster> {
  const undo: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    while (undo.length) await undo.pop()!().catch(() => undefined);
  };
  try {
    const etcd = await testEtcd();
    undo.push(() => etcd.cleanup());
    const client = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 2_000 });
    undo.push(async () => client.close());
    const db: TestDatabase = await testDatabase();
    undo.push(() => db.cleanup());
    const nodes = new Map<string, TestWarehouse>();
    for (const spec of nodeSpecs) {
      const node = await startTestWarehouse({ nodeId: spec.nodeId, region: spec.region, databaseUrl: db.url, shutdownGraceMs: 500 });
      nodes.set(spec.nodeId, node);
      undo.push(() => node.stop());
    }
    const gateway = await startTestGateway({ endpoints: etcd.endpoints, prefix: etcd.prefix, ...options.gateway });
    undo.push(() => gateway.stop());
    let stopping: Promise<void> | undefined;
    return {
      etcd,
      client,
      databaseUrl: db.url,
      nodes,
      gateway,
      api: calls(gateway.clients),
      specs: () => nodeSpecs.map((s) => ({ ...s, address: nodes.get(s.nodeId)!.address })),
      async publish(specs, epoch) {
        const assignment = testAssignment(specs, { epoch });
        await putAssignment(client, etcd.prefix, assignment);
        await waitFor(() => gateway.gateway.source.epoch === epoch, { timeoutMs: 10_000, message: `the gateway to route on epoch ${epoch}` });
        return assignment;
      },
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
