import type { Etcd3 } from 'etcd3';
import { connectOrdermesh, GrpcServer, type OrdermeshClients } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { assignmentKey, createEtcdClient } from '#lib/membership/index.js';
import { DEFAULT_TOPOLOGY, type Topology } from '#lib/orders/index.js';
import { reflectionDefinition } from '#lib/proto/index.js';
import { DEFAULT_RING_PARAMETERS, type Assignment, type NodeState } from '#lib/routing/index.js';
import { Gateway, type GatewayOptions } from '../gateway.js';

/** A node to put in a test assignment. */
export interface TestNodeSpec {
  nodeId: string;
  region: string;
  address: string;
  /** Default ACTIVE. */
  state?: NodeState;
}

/**
 * Builds an assignment as the controller would publish it: every region of `topology` with its
 * live ACTIVE members sorted by id and its failover order, and every node. Tests write it to
 * etcd with {@link putAssignment} (the controller is not part of these tests).
 */
export function testAssignment(nodes: readonly TestNodeSpec[], options: { epoch?: number; topology?: Topology } = {}): Assignment {
  const topology = options.topology ?? DEFAULT_TOPOLOGY;
  const regions = topology.regions.map((region) => ({
    region,
    members: nodes
      .filter((n) => n.region === region && (n.state ?? 'ACTIVE') === 'ACTIVE')
      .map((n) => n.nodeId)
      .sort(),
    failover: [...(topology.failover[region] ?? [])],
  }));
  return {
    epoch: options.epoch ?? 1,
    leader: 'test',
    publishedAt: new Date().toISOString(),
    ring: DEFAULT_RING_PARAMETERS,
    regions,
    nodes: nodes.map((n) => {
      const members = regions.find((r) => r.region === n.region)?.members ?? [];
      const state = n.state ?? 'ACTIVE';
      return { nodeId: n.nodeId, region: n.region, address: n.address, state, ringShare: state === 'ACTIVE' && members.length ? 1 / members.length : 0 };
    }),
  };
}

/** Writes `assignment` at `assignmentKey(prefix)`, as the controller leader does. */
export async function putAssignment(client: Etcd3, prefix: string, assignment: Assignment): Promise<void> {
  await client.put(assignmentKey(prefix)).value(JSON.stringify(assignment)).exec();
}

/** A gateway serving on a free 127.0.0.1 port, for one test. */
export interface TestGateway {
  /** host:port of the gateway's gRPC server. */
  address: string;
  /** Clients of the gateway (what ecom-sim and grpcurl talk to). */
  clients: OrdermeshClients;
  gateway: Gateway;
  server: GrpcServer;
  /** Stops the server, the gateway and its etcd client. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a Gateway on its own etcd client and a GrpcServer on port 0, SERVING. */
export async function startTestGateway(
  options: { endpoints: readonly string[]; prefix: string } & Partial<Omit<GatewayOptions, 'client' | 'prefix'>>,
): Promise<TestGateway> {
  const { endpoints, ...rest } = options;
  const client = createEtcdClient({ endpoints, callTimeoutMs: 1_000 });
  const log = rest.log ?? silentLogger();
  const gateway = new Gateway({ ...rest, client, log });
  const server = new GrpcServer({ log, definition: reflectionDefinition(), maxMessageBytes: 1024 * 1024 });
  gateway.registerOn(server);
  const port = await server.listen('127.0.0.1', 0);
  server.setServing(true);
  const controller = new AbortController();
  const running = gateway.start(controller.signal);
  running.catch(() => undefined);
  const address = `127.0.0.1:${port}`;
  const clients = connectOrdermesh(address);
  let stopping: Promise<void> | undefined;
  return {
    address,
    clients,
    gateway,
    server,
    stop: () =>
      (stopping ??= (async () => {
        clients.close();
        await server.shutdown(1_000);
        controller.abort();
        await running.catch(() => undefined);
        client.close();
      })()),
  };
}
