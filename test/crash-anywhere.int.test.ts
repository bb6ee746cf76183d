import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { randomInt, runSimulation, seededRandom, type SimulationSummary } from '#ecom-sim/src/index.js';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import { fromProtoStatus } from '#lib/orders/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import { sleep } from '#lib/runtime/index.js';
import { waitFor } from '#lib/testing/index.js';
import type { AuditReport } from '#warehouse/src/audit/index.js';
import { describeFault, FAULT_KINDS, planFaults, strikeFault, TestCluster, type FaultKind } from './harness/index.js';

/**
 * Crash anywhere (issue 13, item 3): while a shop's load runs (ecom-sim: orders, payments, and
 * wms-sim shipping them), each round kills -9 one process at a random moment (a node, the
 * control-plane leader, wms-sim, Postgres or etcd) or pauses a node past its lease and resumes
 * it. Then everything dead is restarted, the orders settle, and the books must balance
 * (`ordermesh check`) with every acknowledged order readable and final.
 *
 * ORDERMESH_CRASH_SEED replays a run (the faults, their moments and the shop's orders follow
 * from it; process scheduling does not, so a replay strikes the same fault at the same moment of
 * a load that is alike, not identical). ORDERMESH_CRASH_ROUNDS runs more rounds,
 * ORDERMESH_CRASH_FAULTS only some kinds, ORDERMESH_CRASH_BUDGET_S longer (docs/operations.md).
 */
const SEED = Number(process.env.ORDERMESH_CRASH_SEED ?? 20261202);
const ROUNDS = Number(process.env.ORDERMESH_CRASH_ROUNDS ?? 20);
/**
 * Rounds that would start after this many seconds of the run are skipped (and say so): `npm test`
 * gives a test file 300 s, and a round takes 5-25 s on a loaded 2-core machine. Raise it together
 * with the runner's timeout for long runs.
 */
const BUDGET_S = Number(process.env.ORDERMESH_CRASH_BUDGET_S ?? 240);
/** Only these faults (comma-separated kinds, e.g. kill-postgres,pause-node); default all. */
const KINDS = (process.env.ORDERMESH_CRASH_FAULTS ?? FAULT_KINDS.join(',')).split(',').map((k) => k.trim()).filter(Boolean) as FaultKind[];
/** The shop's load per round, and the longest a killed process stays dead before its restart. */
const LOAD_MS = 3_000;
const MAX_DOWN_MS = 2_000;
const LEASE_TTL_S = 2;
/** Short timeouts so that a round settles in seconds: unpaid orders cancel, lost deliveries are redone. */
const PAYMENT_TIMEOUT_MS = 3_000;
const FULFILLMENT_TIMEOUT_MS = 3_000;
const OPEN_STATUSES = ['RESERVED', 'PAID', 'FULFILLING'];

if (!Number.isInteger(SEED) || SEED < 0 || SEED > 0xffffffff) throw new Error(`ORDERMESH_CRASH_SEED must be a whole number from 0 to 4294967295, not ${process.env.ORDERMESH_CRASH_SEED}`);
const unknownKinds = KINDS.filter((k) => !FAULT_KINDS.includes(k));
if (KINDS.length === 0 || unknownKinds.length > 0) throw new Error(`ORDERMESH_CRASH_FAULTS must list some of ${FAULT_KINDS.join(', ')}; unknown: ${unknownKinds.join(', ')}`);
if (!Number.isFinite(BUDGET_S) || BUDGET_S <= 0) throw new Error(`ORDERMESH_CRASH_BUDGET_S must be a number of seconds above 0, not ${process.env.ORDERMESH_CRASH_BUDGET_S}`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`ORDERMESH_CRASH_ROUNDS must be a whole number of at least 1, not ${process.env.ORDERMESH_CRASH_ROUNDS}`);

const NODES = { HCM: 1, HN: 1, DN: 1 };
const NODE_IDS = Object.entries(NODES).flatMap(([region, n]) => Array.from({ length: n }, (_, i) => `${region.toLowerCase()}-${i + 1}`));

/** Every round drawn up front from the seed, so a round's name says what it does. */
const random = seededRandom(SEED);
const rounds = planFaults(random, ROUNDS, NODE_IDS, LOAD_MS, MAX_DOWN_MS, KINDS).map((fault, i) => ({
  round: i + 1,
  fault,
  shopSeed: randomInt(random, 0, 0xffffffff),
  gateway: randomInt(random, 0, 1),
}));

const faultsFlag = process.env.ORDERMESH_CRASH_FAULTS ? ` ORDERMESH_CRASH_FAULTS=${KINDS.join(',')}` : '';
const replay = (round: number): string =>
  `seed ${SEED}, round ${round}; replay: ORDERMESH_CRASH_SEED=${SEED} ORDERMESH_CRASH_ROUNDS=${round}${faultsFlag} npm test -- test/crash-anywhere`;

const openOrders = (report: AuditReport): number => OPEN_STATUSES.reduce((n, s) => n + (report.orders[s] ?? 0), 0);

describe(`crash anywhere: ${ROUNDS} rounds of one random fault under load (seed ${SEED})`, { timeout: 120_000 + ROUNDS * 60_000 }, () => {
  let cluster: TestCluster;
  const runStartedAt = performance.now();

  before(async () => {
    process.stderr.write(`[crash-anywhere] seed ${SEED}, ${ROUNDS} rounds (ORDERMESH_CRASH_SEED, ORDERMESH_CRASH_ROUNDS)\n`);
    cluster = await TestCluster.start({
      controlPlanes: 2,
      nodesPerRegion: NODES,
      leaseTtlS: LEASE_TTL_S,
      electionTtlS: 2,
      wmsSim: true,
      database: 'own',
      env: {
        ORDERMESH_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
        ORDERMESH_FULFILLMENT_TIMEOUT_MS: String(FULFILLMENT_TIMEOUT_MS),
        // Enough stock that orders are rejected only by a fault, never by a sold-out sku; no
        // restocking, whose writes only add noise to what this test watches.
        ORDERMESH_WMS_INITIAL_STOCK: '1000000',
        ORDERMESH_WMS_RESTOCK_INTERVAL_MS: '0',
        ORDERMESH_WMS_SKUS: '8',
      },
    });
  });
  after(() => cluster?.stop());

  for (const { round, fault, shopSeed, gateway } of rounds) {
    it(`round ${round}: ${describeFault(fault)}`, async (t) => {
      const spentS = (performance.now() - runStartedAt) / 1000;
      if (spentS > BUDGET_S) {
        t.skip(`the run's time budget is spent (${spentS.toFixed(0)} s of ORDERMESH_CRASH_BUDGET_S=${BUDGET_S})`);
        return;
      }
      const context = (): string => `${replay(round)}; fault: ${describeFault(fault)}`;
      const startedAt = performance.now();
      const since = (): string => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
      const phases: string[] = [];
      await cluster.restartDead();
      await cluster.waitHealthy();

      // Orders whose ConfirmPayment was acknowledged: that payment must stick, whatever died.
      const paymentsAcknowledged = new Set<string>();
      const shop = runSimulation({
        target: cluster.gateway(gateway),
        durationS: LOAD_MS / 1000,
        concurrency: 16,
        ratePerS: 40,
        paymentDelayMs: [0, 300],
        paymentFailureRate: 0.1,
        settleTimeoutMs: 90_000,
        seed: shopSeed,
        callTimeoutMs: 5_000,
        maxAttempts: 6,
      }, {
        onRequest: (r) => {
          if (r.rpc === 'ConfirmPayment' && r.code === 'OK') paymentsAcknowledged.add(r.orderId);
        },
      });
      const struck = (async () => {
        await sleep(fault.atMs);
        const name = await strikeFault(cluster, fault);
        phases.push(`struck and waited ${since()}`);
        const restarted = await cluster.restartDead();
        phases.push(`restarted ${since()}`);
        return { name, restarted };
      })();
      const [summary, { name, restarted }] = await Promise.all([shop, struck]).catch((err: Error) => {
        throw new Error(`${context()}: ${err.message}\n${cluster.outputs(30)}`, { cause: err });
      });
      // Only what the fault killed died: no process fell over because another one did.
      const expected = fault.kind === 'pause-node' ? [] : [name];
      assert.deepEqual(restarted, expected, `${context()}: restarted only what was killed\n${cluster.outputs(30)}`);
      phases.push(`shop settled ${since()}`);
      await cluster.waitHealthy();
      const stuck = [...summary.orders.stuckOrderIds, ...summary.orders.lostOrderIds];
      checkShop(summary, `${context()}${stuck.length > 0 ? `\n${await rowsOf(cluster, stuck)}\n${cluster.outputs(40)}` : ''}`);
      const slowReads = await checkPaymentsKept(cluster, [...paymentsAcknowledged], context());

      // Every order in the database final (also those whose CreateOrder answer was lost), then the audit.
      const report = await waitFor(
        async () => {
          const r = await cluster.audit();
          return openOrders(r) === 0 ? r : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, message: `${context()}: every order in the database to be final` },
      ).catch(async (err: Error) => {
        const last = await cluster.audit().catch(() => undefined);
        throw new Error(`${err.message}; orders by status ${JSON.stringify(last?.orders)}\n${cluster.outputs(30)}`, { cause: err });
      });
      phases.push(`books settled ${since()}`);
      const violations = report.checks.filter((c) => c.violations > 0);
      assert.deepEqual(violations, [], `${context()}: ordermesh check finds the books balanced\n${cluster.outputs(30)}`);
      t.diagnostic(`${summary.orders.acknowledged} orders acknowledged, ${JSON.stringify(summary.orders.byStatus)}; failed calls ${JSON.stringify(summary.failedCalls)}; books: ${JSON.stringify(report.orders)}; ${phases.join(', ')}`);
      // Known and not fixed yet (see docs/operations.md): after Postgres is killed, a read may hang to its deadline once.
      if (slowReads.length > 0) t.diagnostic(`reads retried after hanging or failing: ${slowReads.join(', ')}`);
    });
  }
});

/** What the database holds about `orderIds` (their order and outbox rows), for a failure message. */
async function rowsOf(cluster: TestCluster, orderIds: string[]): Promise<string> {
  const sql = postgres(cluster.database.url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`
      SELECT o.order_id, o.status::text, o.node_id, o.updated_at, b.attempts, b.next_attempt_at, b.delivered_at, b.last_error
      FROM orders o LEFT JOIN outbox b USING (order_id) WHERE o.order_id = ANY(${sql.array(orderIds)}::text[])`;
    return `rows of the stuck orders at ${new Date().toISOString()}: ${JSON.stringify(rows)}`;
  } catch (err) {
    return `rows of the stuck orders: unreadable (${(err as Error).message})`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Every acknowledged order was read back (GetOrder) in a final status; none lost, none stuck. */
function checkShop(summary: SimulationSummary, context: string): void {
  const seen = JSON.stringify({ orders: summary.orders, payments: summary.payments, failedCalls: summary.failedCalls });
  assert.ok(summary.orders.acknowledged > 0, `${context}: the shop placed orders: ${seen}`);
  assert.equal(summary.orders.lost, 0, `${context}: no acknowledged order lost: ${seen}`);
  assert.equal(summary.orders.stuck, 0, `${context}: every acknowledged order readable and final: ${seen}`);
  assert.equal(summary.failedCalls.INTERNAL ?? 0, 0, `${context}: no call answered INTERNAL: ${seen}`);
}

/**
 * Every acknowledged payment stuck: its order names a payment and ended SHIPPED (paid) or
 * CANCELLED by that payment's decline, never by the payment timeout as if it had not come. Each
 * order is read as a client would, retrying UNAVAILABLE and DEADLINE_EXCEEDED (at most three
 * tries of 10 s); resolves with the reads that needed a retry, which the round reports.
 */
async function checkPaymentsKept(cluster: TestCluster, orderIds: string[], context: string): Promise<string[]> {
  const gateway = cluster.connect(cluster.gateway(0));
  const retried: string[] = [];
  const read = async (orderId: string): Promise<Order__Output> => {
    for (let attempt = 1; ; attempt++) {
      const sentAt = new Date().toISOString();
      try {
        return entityOf(await callUnary(gateway.orders, gateway.orders.GetOrder, { orderId }, { deadline: Date.now() + 10_000 }), 'order');
      } catch (err) {
        const code = (err as grpc.ServiceError).code;
        const retryable = code === grpc.status.UNAVAILABLE || code === grpc.status.DEADLINE_EXCEEDED;
        if (!retryable || attempt >= 3) throw new Error(`${context}: GetOrder ${orderId} (try ${attempt}, sent ${sentAt}) failed: ${(err as Error).message}\n${cluster.outputs(40)}`, { cause: err });
        retried.push(`${orderId} (${grpc.status[code]} at ${sentAt})`);
      }
    }
  };
  const orders = await Promise.all(orderIds.map(read));
  const broken = orders.filter((o) => {
    const status = fromProtoStatus(o.status);
    return o.paymentId === '' || !(status === 'SHIPPED' || (status === 'CANCELLED' && o.reason.startsWith('payment failed')));
  });
  assert.deepEqual(
    broken.map((o) => `${o.orderId} ${fromProtoStatus(o.status) ?? o.status} payment "${o.paymentId}" (${o.reason})`),
    [],
    `${context}: every acknowledged payment kept (${orders.length} checked)`,
  );
  return retried;
}
