import type * as grpc from '@grpc/grpc-js';
import type { Etcd3 } from 'etcd3';
import { UnavailableError } from '#lib/errors/index.js';
import { serverStream, unary, type HandlerEnv } from '#lib/grpc/index.js';
import { toTimestamp } from '#lib/proto/index.js';
import type { ControlPlaneServiceHandlers } from '#lib/proto/index.js';
import type { NodeInfo } from '#lib/proto/index.js';
import type { WatchAssignmentRequest__Output } from '#lib/proto/index.js';
import type { WatchAssignmentResponse } from '#lib/proto/index.js';
import { Spreader, type Gateway } from '../gateway/index.js';
import { toProtoAssignment, toProtoNodeState } from './assignment-proto.js';
import { drainNode } from './drain-node.js';
import { fetchStats } from './fetch-stats.js';
import { NodeDirectory, type RegisteredWithLease } from './node-directory.js';

const SERVICE = '/ordermesh.v1.ControlPlaneService';

/** What the admin API works with. */
export interface ControlPlaneServiceDeps {
  env: HandlerEnv;
  client: Etcd3;
  prefix: string;
  gateway: Gateway;
  /** Who leads the controller now (from the election), undefined when unknown. */
  leader: () => Promise<string | undefined>;
  /** Deadline of each etcd call. */
  etcdTimeoutMs?: number;
  /** host:port of this replica's Prometheus endpoint ('' when none), read when ListNodes answers. */
  metricsAddress?: () => string;
}

/**
 * ControlPlaneService, served by every replica: reads come from this replica's view of the
 * assignment and loads (kept while etcd is down); ListNodes and DrainNode go to etcd.
 */
export function controlPlaneServiceHandlers(deps: ControlPlaneServiceDeps): ControlPlaneServiceHandlers {
  const { env, client, prefix, gateway } = deps;
  const spreader = new Spreader();
  const directory = new NodeDirectory(client, prefix, deps.etcdTimeoutMs);

  const current = () => {
    const router = gateway.source.router;
    if (!router) throw new UnavailableError('no assignment has been published yet; is a control-plane leader running?');
    return router.assignment;
  };

  return {
    GetAssignment: unary(env, `${SERVICE}/GetAssignment`, async () => ({ assignment: toProtoAssignment(current()) })),

    WatchAssignment: serverStream(env, `${SERVICE}/WatchAssignment`, (call: grpc.ServerWritableStream<WatchAssignmentRequest__Output, WatchAssignmentResponse>) => {
      const after = Number(call.request.afterEpoch ?? 0);
      let last: number | undefined;
      // The first message is the current assignment when newer than after_epoch; then every
      // change, even to a lower epoch (etcd restored from a backup): watchers follow etcd.
      const send = (): void => {
        const router = gateway.source.router;
        if (!router || router.epoch === last || (last === undefined && router.epoch <= after)) return;
        last = router.epoch;
        call.write({ assignment: toProtoAssignment(router.assignment) });
      };
      const unsubscribe = gateway.source.onChange(() => send());
      call.on('cancelled', unsubscribe);
      call.on('close', unsubscribe);
      call.on('error', unsubscribe);
      send();
    }),

    ListNodes: unary(env, `${SERVICE}/ListNodes`, async () => {
      const assignment = gateway.source.router?.assignment;
      const assigned = new Map((assignment?.nodes ?? []).map((n) => [n.nodeId, n]));
      const loads = gateway.source.loads();
      let registered: RegisteredWithLease[];
      try {
        registered = await directory.registered();
      } catch (err) {
        // etcd unreachable: answer from the last assignment (static stability), leases unknown.
        env.log.warn({ err: (err as Error).message }, 'etcd unreachable; listing nodes from the last assignment');
        registered = (assignment?.nodes ?? []).map((n) => ({
          node: { nodeId: n.nodeId, region: n.region, address: n.address, capacity: 1, version: '', startedAt: new Date(0).toISOString() },
          leaseId: '',
        }));
      }
      const nodes: NodeInfo[] = await Promise.all(
        registered
          .sort((a, b) => (a.node.region + a.node.nodeId < b.node.region + b.node.nodeId ? -1 : 1))
          .map(async ({ node, leaseId }) => {
            const load = loads.get(node.nodeId);
            const a = assigned.get(node.nodeId);
            return {
              nodeId: node.nodeId,
              region: node.region,
              address: node.address,
              state: toProtoNodeState(a?.state),
              load: load ? { inFlight: load.inFlight, ratePerS: load.ratePerS, p50Ms: load.p50Ms, p99Ms: load.p99Ms } : {},
              lease: { id: leaseId && leaseId !== '0' ? BigInt(leaseId).toString(16) : '', ttlS: (await directory.lease(leaseId)).grantedS },
              version: node.version,
              startedAt: toTimestamp(Date.parse(node.startedAt)),
              ringShare: a?.ringShare ?? 0,
              metricsAddress: node.metricsAddress ?? '',
            };
          }),
      );
      const leader = (await deps.leader().catch(() => undefined)) ?? assignment?.leader ?? '';
      return { nodes, epoch: assignment?.epoch ?? 0, leader, metricsAddress: deps.metricsAddress?.() ?? '' };
    }),

    GetStats: unary(env, `${SERVICE}/GetStats`, async (req, call) => fetchStats(gateway, spreader, req, call)),

    DrainNode: unary(env, `${SERVICE}/DrainNode`, async (req, call) => {
      const nodeId = req.nodeId ?? '';
      const { epoch } = await drainNode({ client, prefix, directory, source: gateway.source, etcdTimeoutMs: deps.etcdTimeoutMs }, nodeId, call.signal);
      return { nodeId, state: toProtoNodeState('DRAINING'), epoch };
    }),
  };
}
