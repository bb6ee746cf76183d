import * as grpc from '@grpc/grpc-js';
import type { Etcd3 } from 'etcd3';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '../../../lib/errors/index.js';
import { callUnary, unary, type HandlerEnv } from '../../../lib/grpc/index.js';
import { decodeRegisteredNode, drainKey, nodesPrefix, NODE_ID_PATTERN, type RegisteredNode } from '../../../lib/membership/index.js';
import type { ControlPlaneServiceHandlers } from '../../../lib/proto/generated/ordermesh/v1/ControlPlaneService.js';
import type { NodeInfo } from '../../../lib/proto/generated/ordermesh/v1/NodeInfo.js';
import type { WatchAssignmentRequest__Output } from '../../../lib/proto/generated/ordermesh/v1/WatchAssignmentRequest.js';
import type { WatchAssignmentResponse } from '../../../lib/proto/generated/ordermesh/v1/WatchAssignmentResponse.js';
import { sleep } from '../../../lib/runtime/index.js';
import { noActiveNode, Spreader, type Gateway } from '../gateway/index.js';
import { isoToTimestamp, toProtoAssignment, toProtoNodeState } from './assignment-proto.js';

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

interface RegisteredWithLease {
  node: RegisteredNode;
  leaseId: string;
}

/**
 * ControlPlaneService, served by every replica: reads come from this replica's view of the
 * assignment and loads (kept while etcd is down); ListNodes and DrainNode go to etcd.
 */
export function controlPlaneServiceHandlers(deps: ControlPlaneServiceDeps): ControlPlaneServiceHandlers {
  const { env, client, prefix, gateway } = deps;
  const spreader = new Spreader();
  const timeoutMs = deps.etcdTimeoutMs ?? 2_000;

  const current = () => {
    const router = gateway.source.router;
    if (!router) throw new UnavailableError('no assignment has been published yet; is a control-plane leader running?');
    return router.assignment;
  };

  /** Registered nodes with their lease ids, straight from etcd. */
  async function registeredNodes(): Promise<RegisteredWithLease[]> {
    const kvs = await client
      .getAll()
      .prefix(nodesPrefix(prefix))
      .options({ deadline: Date.now() + timeoutMs })
      .exec();
    return kvs.kvs.flatMap((kv) => {
      try {
        return [{ node: decodeRegisteredNode(kv.value.toString('utf8')), leaseId: kv.lease }];
      } catch {
        return [];
      }
    });
  }

  async function leaseTtl(leaseId: string): Promise<number> {
    if (!leaseId || leaseId === '0') return 0;
    try {
      const res = await client.leaseClient.leaseTimeToLive({ ID: leaseId }, { deadline: Date.now() + timeoutMs });
      return Number(res.grantedTTL);
    } catch {
      return 0;
    }
  }

  return {
    GetAssignment: unary(env, `${SERVICE}/GetAssignment`, async () => ({ assignment: toProtoAssignment(current()) })),

    WatchAssignment: (call: grpc.ServerWritableStream<WatchAssignmentRequest__Output, WatchAssignmentResponse>) => {
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
    },

    ListNodes: unary(env, `${SERVICE}/ListNodes`, async () => {
      const assignment = gateway.source.router?.assignment;
      const assigned = new Map((assignment?.nodes ?? []).map((n) => [n.nodeId, n]));
      const loads = gateway.source.loads();
      let registered: RegisteredWithLease[];
      try {
        registered = await registeredNodes();
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
              lease: { id: leaseId && leaseId !== '0' ? BigInt(leaseId).toString(16) : '', ttlS: await leaseTtl(leaseId) },
              version: node.version,
              startedAt: isoToTimestamp(node.startedAt),
              ringShare: a?.ringShare ?? 0,
              metricsAddress: node.metricsAddress ?? '',
            };
          }),
      );
      const leader = (await deps.leader().catch(() => undefined)) ?? assignment?.leader ?? '';
      return { nodes, epoch: assignment?.epoch ?? 0, leader, metricsAddress: deps.metricsAddress?.() ?? '' };
    }),

    // Every node reads the one shared database: any ACTIVE node aggregates the stats in SQL.
    GetStats: unary(env, `${SERVICE}/GetStats`, async (req, call) =>
      gateway.forwarder.forward({
        method: 'GetStats',
        subject: 'statistics',
        candidates: (router) => spreader.candidates(router),
        noNode: (router) => noActiveNode(router),
        call: ({ clients: c }, options) => callUnary(c.node, c.node.GetNodeStats, req, options),
        context: call,
      }),
    ),

    DrainNode: unary(env, `${SERVICE}/DrainNode`, async (req, call) => {
      const nodeId = req.nodeId ?? '';
      if (!NODE_ID_PATTERN.test(nodeId)) throw new InvalidArgumentError('node_id', `'${nodeId.slice(0, 80)}' is not a node id`);
      let registered: RegisteredWithLease[];
      try {
        registered = await registeredNodes();
      } catch (err) {
        throw new UnavailableError('etcd is unreachable; cannot drain now', { cause: err });
      }
      const target = registered.find((r) => r.node.nodeId === nodeId);
      if (!target) throw new NotFoundError('node_id', `node_id: no live node ${nodeId}`);
      // The drain request lives on the node's lease: it ends with the node, so a node that
      // comes back under the same id serves again.
      try {
        await client
          .put(drainKey(prefix, nodeId))
          .value(new Date().toISOString())
          .lease(target.leaseId)
          .options({ deadline: Date.now() + timeoutMs })
          .exec();
      } catch (err) {
        throw new UnavailableError('etcd is unreachable; cannot drain now', { cause: err });
      }
      // Answer once the published assignment marks it DRAINING (its share has moved).
      while (!call.signal.aborted) {
        const router = gateway.source.router;
        const node = router?.node(nodeId);
        if (router && node?.state === 'DRAINING') return { nodeId, state: toProtoNodeState('DRAINING'), epoch: router.epoch };
        await sleep(50, call.signal);
      }
      throw new UnavailableError(`node ${nodeId} is marked for draining, but no assignment showed it DRAINING before the deadline`);
    }),
  };
}

