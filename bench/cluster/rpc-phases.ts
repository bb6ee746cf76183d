/** The RPC phases: each RPC straight at one node, then through the gateway. */
import type { BenchOrder } from '#warehouse/bench/protocol.js';
import { fmt } from '#warehouse/bench/report.js';
import { measure } from './measure.js';
import { ensureOrders, readOrders, waitForShipping } from './orders.js';
import type { Row, RunResults } from './results.js';
import { straightAddress, type Services } from './services.js';
import { gatewayTarget, type Settings } from './settings.js';
import { REGIONS, STRAIGHT_NODE, WAREHOUSES } from './workload.js';

/** Each RPC straight at hcm-1, then through the gateway. */
export async function runRpcPhases(settings: Settings, services: Services, results: RunResults): Promise<void> {
  const straight = { address: straightAddress(services), target: `${STRAIGHT_NODE} straight` };
  const gateway = { address: services.cluster.gateway(), target: gatewayTarget(settings) };
  let createRate: number | undefined;
  for (const rpc of settings.rpcs) {
    const common = { rpc, regions: REGIONS, warehouses: WAREHOUSES };
    if (rpc === 'GetOrder') {
      await ensureOrders(settings, services, 2_000, false, createRate);
      Object.assign(common, { orders: await readOrders(services.sql, false, 20_000) });
    }
    const rows: Row[] = [];
    for (const [i, t] of [straight, gateway].entries()) {
      const kind = i === 0 ? 'straight' : 'gateway';
      let orders: BenchOrder[] | undefined;
      if (rpc === 'ConfirmPayment') {
        // RESERVED orders for the whole phase, made beforehand. A payment costs a node about what
        // a creation does, plus the delivery it sets off: the first phase plans for the creation
        // rate, the second for 1.5 times the first's payment rate. Orders a phase does not pay
        // stay RESERVED for the next; a phase that runs out ends early and says so.
        const rate = i === 0 ? (createRate ?? 600) : 1.5 * (rows[0]?.callsPerS || (createRate ?? 600));
        const need = Math.ceil(rate * (settings.warmupS + settings.durationS + 1) * 1.2) + 100;
        orders = await ensureOrders(settings, services, need, true, createRate);
      }
      const spec = { ...common, address: t.address, ...(orders ? { orders } : {}) };
      const row = await measure(settings, services, rpc, kind, t.target, spec);
      rows.push(row);
      results.rows.push(row);
      if (rpc === 'CreateOrder') createRate = Math.max(createRate ?? 0, row.callsPerS ?? 0);
      if (rpc === 'ConfirmPayment') {
        const shipped = await waitForShipping(services.sql, `ConfirmPayment ${kind}`);
        results.shipping.push(shipped);
        row.notes.push(
          `${shipped.unshippedAtEnd} paid orders were not shipped yet when the window closed; ` +
            (shipped.leftUnshipped ? `${shipped.leftUnshipped} still were ${fmt(shipped.seconds, 0)} s later` : `all were ${fmt(shipped.seconds, 1)} s later`),
        );
      }
    }
    const [s, g] = rows;
    if (s && g && s.callsPerS) g.ratioToStraight = (g.callsPerS ?? 0) / s.callsPerS;
  }
}
