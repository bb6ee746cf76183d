import { Writable } from 'node:stream';

import type { Etcd3, Lease } from 'etcd3';

import { createRootLogger, type Logger } from '#lib/logging/index.js';
import { nodeKey, type RegisteredNode } from '#lib/membership/index.js';
import type { Assignment } from '#lib/routing/index.js';
import { readAssignment } from '../publish-assignment.js';

/** A fake warehouse node: only its registration, under its own lease. */
export interface FakeNode {
  readonly node: RegisteredNode;
  readonly lease: Lease;
  /** Revokes the lease: the registration disappears at once, as when a node stops. */
  revoke(): Promise<void>;
}

let nextPort = 51_000;

/** Fake nodes registered through one client; {@link FakeNodes.revokeAll} ends every one. */
export interface FakeNodes {
  /**
   * Registers a fake node the way a warehouse node does (`nodes/{id}` under a lease with
   * keepalive), without running one. The lease's TTL is long: tests end registrations by revoking.
   */
  register(nodeId: string, region: string): Promise<FakeNode>;
  /** Revokes every lease still held (call before closing the client: etcd3 keeps retrying keepalives of a lease on a closed client). */
  revokeAll(): Promise<void>;
}

/** Registers fake nodes under `prefix` through `client`. */
export function fakeNodes(client: Etcd3, prefix: string): FakeNodes {
  const leases = new Set<Lease>();
  return {
    async register(nodeId, region) {
      const node: RegisteredNode = {
        nodeId,
        region,
        address: `127.0.0.1:${nextPort++}`,
        capacity: 100,
        version: '0.1.0-test',
        startedAt: new Date().toISOString(),
      };
      const lease = client.lease(30);
      lease.on('lost', () => undefined);
      leases.add(lease);
      await lease.put(nodeKey(prefix, nodeId)).value(JSON.stringify(node)).exec();
      return {
        node,
        lease,
        revoke: async () => {
          leases.delete(lease);
          await lease.revoke();
        },
      };
    },
    async revokeAll() {
      const all = [...leases];
      leases.clear();
      await Promise.allSettled(all.map((lease) => lease.revoke({ deadline: Date.now() + 2_000 })));
    },
  };
}

/** The stored assignment, or undefined when there is none yet. */
export async function storedAssignment(client: Etcd3, prefix: string): Promise<Assignment | undefined> {
  return (await readAssignment(client, prefix)).assignment;
}

/** Region → members of an assignment, for compact assertions. */
export function membersOf(assignment: Assignment): Record<string, string[]> {
  return Object.fromEntries(assignment.regions.map((r) => [r.region, r.members]));
}

/** A logger whose JSON lines are kept, to assert on what was logged. */
export function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { log: createRootLogger({ service: 'test', level: 'debug', destination }), lines };
}
