import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import { isReplicatedPair } from '#lib/postgres/index.js';
import { sleep } from '#lib/runtime/index.js';
import { waitFor } from '#lib/testing/index.js';
import { spawnOrdermesh, startOrderPaymentLoad, TestCluster, type OrderPaymentLoadResult } from './harness/index.js';

const SKUS = ['P1', 'P2', 'P3', 'P4'];
/**
 * How long writes may stop after the primary dies before the test fails: a liveness bound, far
 * above what is measured (docs/operations.md), so that a busy shared machine does not fail it;
 * the measured figure is printed as a test diagnostic.
 */
const WRITES_BACK_BOUND_MS = 45_000;

/** The first order acknowledged by a call that started after `t`: the first write that had to reach the new primary. */
function firstWriteAfter(load: OrderPaymentLoadResult, t: number): number | undefined {
  return load.orders.find((o) => o.startedAt > t)?.ackedAt;
}

/** The longest time in [from, to] without an order acknowledged: how long writes stopped. */
function longestPause(load: OrderPaymentLoadResult, from: number, to: number): number {
  const acks = [from, ...load.orders.map((o) => o.ackedAt).filter((t) => t > from && t < to).sort((a, b) => a - b), to];
  return Math.max(...acks.slice(1).map((t, i) => t - (acks[i] as number)));
}

describe('Postgres failover under Patroni, under an order + payment load', { timeout: 240_000 }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start({ database: 'ha', wmsSim: true, leaseTtlS: 2 });
    await cluster.seedStock(SKUS);
  });
  after(() => cluster?.stop());

  it('should lose no acknowledged order, payment or shipment when the primary Postgres and then a Patroni are killed -9', async (t) => {
    const patroni = cluster.patroni;
    assert.ok(patroni);
    const gateway = cluster.connect(cluster.gateway());
    const stop = new AbortController();
    const { live: peek, done: loadDone } = startOrderPaymentLoad(gateway, SKUS, 8, stop.signal);
    // A load that fails (a non-retryable answer) ends the test at once, with the servers' story.
    let loadFailure: unknown;
    loadDone.catch((err: unknown) => {
      loadFailure = err;
      stop.abort();
    });
    // The servers' story: each Patroni member's last lines, and every process's warnings.
    const story = (): string => `${patroni.members.map((m) => `----- ${m.name}\n${m.output().split('\n').slice(-60).join('\n')}`).join('\n')}\n${cluster.outputs(15, 40)}`;
    const check = (): void => {
      if (loadFailure) throw new Error(`the load failed at ${new Date().toISOString()}:\n${story()}`, { cause: loadFailure });
    };
    /** Waits for writes after `since`; a timeout says what the servers were doing. */
    const writesAfter = (since: number, message: string): Promise<unknown> =>
      waitFor(() => (check(), firstWriteAfter(peek, since)), { timeoutMs: WRITES_BACK_BOUND_MS, intervalMs: 100, message }).catch((err: unknown) => {
        throw new Error(`${(err as Error).message} (at ${new Date().toISOString()})\n${story()}`, { cause: err });
      });
    try {
      await sleep(3_000);

      // 1. kill -9 the primary's postmaster: Patroni fails over to the synchronous replica.
      const first = await patroni.primary();
      assert.ok(first, 'a primary before the fault');
      const killedAt = Date.now();
      assert.ok(first.killPostmaster('SIGKILL'), 'the primary had a postmaster to kill');
      await writesAfter(killedAt, 'an order acknowledged after the primary was killed');
      check();
      const writesBackMs = (firstWriteAfter(peek, killedAt) as number) - killedAt;
      const second = await waitFor(async () => patroni.primary(), { timeoutMs: 30_000, intervalMs: 250, message: 'a primary after the failover' });
      assert.notEqual(second.name, first.name, 'the replica took over');
      t.diagnostic(`postmaster of ${first.name} killed -9: writes flowed again after ${writesBackMs} ms (longest pause ${longestPause(peek, killedAt, Date.now())} ms), on ${second.name}`);
      // The old primary rejoins as the synchronous replica (pg_rewind when it had diverged).
      const rejoinedAfterMs = Date.now() - killedAt;
      await waitFor(async () => {
        const servers = await patroni.servers(1_000).catch(() => []);
        return isReplicatedPair(servers) && servers.some((s) => s.name === first.name && s.role === 'sync_standby');
      }, { timeoutMs: 90_000, intervalMs: 500, message: `${first.name} back as the synchronous replica` });
      t.diagnostic(`${first.name} streaming again as the synchronous replica ${Date.now() - killedAt} ms after the kill (checked from ${rejoinedAfterMs} ms)`);

      // 2. kill -9 the new primary's Patroni: its supervisor stops the orphaned Postgres (as
      // systemd stops a dead unit's processes), so the old primary takes over again, and the
      // restarted Patroni brings this server back as the synchronous replica.
      const patroniKilledAt = Date.now();
      second.killPatroni('SIGKILL');
      await writesAfter(patroniKilledAt + 1_000, 'orders acknowledged after Patroni was killed');
      check();
      assert.equal(second.orphanedPostgresStops, 1, 'the Postgres of the dead Patroni was stopped');
      const third = await waitFor(async () => patroni.primary(), { timeoutMs: 30_000, intervalMs: 250, message: 'a primary after the Patroni kill' });
      assert.equal(third.name, first.name, 'the replica took over from the server whose Patroni died');
      t.diagnostic(`patroni of ${second.name} killed -9: its Postgres stopped, ${third.name} primary; longest pause in writes ${longestPause(peek, patroniKilledAt, Date.now())} ms`);
      await waitFor(async () => {
        const now = await patroni.servers(1_000).catch(() => []);
        return isReplicatedPair(now) && now.some((s) => s.name === second.name && s.role === 'sync_standby');
      }, { timeoutMs: 90_000, intervalMs: 500, message: `${second.name} back as the synchronous replica` });
      t.diagnostic(`${second.name} streaming again as the synchronous replica ${Date.now() - patroniKilledAt} ms after its Patroni was killed`);

      // ordermesh status shows both servers, their roles and lag, found through etcd.
      const status = spawnOrdermesh('status', ['status', '--target', cluster.gateway(), '--json'], { ORDERMESH_ETCD_ENDPOINTS: cluster.etcd.endpoints.join(','), ORDERMESH_ETCD_PREFIX: cluster.prefix });
      assert.equal(await status.exited, 0, status.output());
      const servers = (JSON.parse(status.output().trim().split('\n').at(-1) ?? '{}') as { databaseServers?: Array<{ name: string; role: string; lagBytes?: number }> }).databaseServers ?? [];
      assert.deepEqual(servers.map((s) => [s.name, s.role]).sort(), [[first.name, 'leader'], [second.name, 'sync_standby']].sort());
      assert.ok(servers.every((s) => typeof s.lagBytes === 'number'), `every server's lag is known: ${JSON.stringify(servers)}`);
      // Really synchronous, not only reported so (a restarted Patroni 3.0.2 can leave it unset).
      const sql = postgres(patroni.url, { max: 1, connect_timeout: 5, onnotice: () => undefined });
      try {
        const [row] = await sql<{ names: string }[]>`SELECT current_setting('synchronous_standby_names') AS names`;
        assert.match(row?.names ?? '', new RegExp(second.name), 'the primary waits for the replica on every commit');
      } finally {
        await sql.end({ timeout: 5 });
      }
      await sleep(1_000);
      check();
    } finally {
      stop.abort();
    }
    check();
    const load = await loadDone;
    t.diagnostic(`load: ${load.orders.length} orders and ${load.payments.length} payments acknowledged; failed attempts (all retried): ${JSON.stringify(Object.fromEntries(load.failures))}`);
    assert.ok(load.orders.length > 50, `the load ran (${load.orders.length} orders)`);
    assert.deepEqual([...load.failures.keys()].filter((code) => !['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'ABORTED', 'RESOURCE_EXHAUSTED'].includes(code)), [], 'only retryable answers, never INTERNAL');

    // Every acknowledged order is there; every acknowledged payment holds; paid orders ship.
    const paid = new Set(load.payments.map((p) => p.orderId));
    await waitFor(
      async () => {
        for (const o of load.orders) {
          const read = entityOf(await callUnary(gateway.orders, gateway.orders.GetOrder, { orderId: o.orderId }, { deadline: Date.now() + 10_000 }), 'order');
          assert.equal(read.requestId, o.requestId, `${o.orderId} is the order its request made`);
          if (paid.has(o.orderId)) {
            assert.ok(['ORDER_STATUS_PAID', 'ORDER_STATUS_FULFILLING', 'ORDER_STATUS_SHIPPED'].includes(read.status), `${o.orderId} was paid (acknowledged) but is ${read.status}`);
            if (read.status !== 'ORDER_STATUS_SHIPPED') return false;
          }
        }
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 1_000, message: 'every paid order shipped' },
    );

    // ordermesh check: the books balance after both faults.
    const report = await cluster.audit();
    assert.deepEqual(report.checks.filter((c) => c.violations > 0), [], 'no violation');
  });
});

