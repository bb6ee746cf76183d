import { join, resolve } from 'node:path';
import { createRootLogger } from '#lib/logging/index.js';
import { runProcess } from '#lib/runtime/index.js';
import { startTelemetry } from '#lib/telemetry/index.js';
import { exitCodeOf, formatSummary, ProgressRenderer, runSimulation, type SimulationSummary } from '#ecom-sim/src/index.js';
import { auditBooks, formatAudit } from '#warehouse/src/audit/index.js';
import { redactPostgresUrl } from '#lib/postgres/index.js';
import { openDatabase } from '#warehouse/src/db/index.js';
import { renderTable } from '#lib/text/index.js';
import type { JaegerServer } from '#lib/jaeger/index.js';
import { startDevCluster, type DevCluster } from './dev-cluster.js';
import { DEV_JAEGER_OTLP_ENDPOINT, jaegerInstalled, startDevJaeger } from './jaeger-child.js';
import { loadDevOptions, type DevOptions } from './dev-options.js';

/** Orders per second the endless demo places when no --rate is given: lively, not a load test. */
const DEMO_RATE_PER_S = 20;
/** "Until Ctrl-C": ecom-sim refuses an unbounded run, so the endless demo is a very long one. */
const DEMO_DURATION_S = 365 * 24 * 3600;

/** Thrown to make `ordermesh dev --exit` end non-zero when the run lost or stranded orders. */
class RunFailedError extends Error {}

function banner(cluster: DevCluster, options: DevOptions, jaeger: JaegerServer | undefined, otelEndpoint: string | undefined): string {
  const g = cluster.gateway;
  // grpcurl's way in: -plaintext, or (--tls) the operator's certificate.
  const how = cluster.tls ? cluster.tls.grpcurlFlags : '-plaintext';
  return [
    '',
    `ordermesh dev: gateway ${g}, ${cluster.nodes.length} warehouse nodes, wms-sim ${cluster.wmsSim}`,
    `  console:    ${cluster.consoleUrl}${cluster.tls ? ` (HTTPS: present ${cluster.tls.dir}/operator.pem and its key, docs/console.md)` : ''}`,
    `  nodes:      ${cluster.nodes.map((n) => `${n.nodeId} ${n.address}`).join(', ')}`,
    `  etcd:       ${cluster.etcdEndpoint}    Postgres: ${redactPostgresUrl(cluster.databaseUrl)}`,
    `  database:   ${cluster.databaseSummary}`,
    `  logs:       ${cluster.logDir}/<process>.log`,
    '  metrics:',
    ...cluster.metrics.map((m) => `    ${m.process.padEnd(14)} ${m.url}`),
    '',
    cluster.tls
      ? `  security:   mutual TLS and authorization on every call; certificates in ${cluster.tls.dir} (docs/security.md)`
      : '  security:   PLAINTEXT, no authorization: anyone who can reach these ports may call every RPC (npm start -- --tls for mutual TLS)',
    `  grpcurl ${how} ${g} list`,
    `  grpcurl ${how} -d '{"customer_name":"Lan","region":"HCM","items":[{"sku":"SKU-0001","quantity":2}]}' ${g} ordermesh.v1.OrderService/CreateOrder`,
    `  grpcurl ${how} ${g} ordermesh.v1.ControlPlaneService/GetStats`,
    `  ordermesh status --target ${g} --watch${cluster.tls ? ` ${cluster.tls.ordermeshFlags}` : ''}`,
    ...(jaeger ? [`  jaeger:     ${jaeger.uiUrl} (the UI; search service ordermesh-ecom-sim)`] : []),
    otelEndpoint
      ? `  traces:     exported to ${otelEndpoint}${options.otelEndpoint ? ' (OTEL_EXPORTER_OTLP_ENDPOINT)' : ''}`
      : '  traces:     npm start -- --jaeger, or set OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 (e.g. Jaeger), to export them',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

/**
 * `ordermesh dev` (= `npm start`): the whole cluster on this machine (etcd, Postgres, the control
 * plane on :50051, one warehouse node per region on :50061.., wms-sim on :50071), then ecom-sim
 * placing orders with a live status line until Ctrl-C. With `--orders N --exit` it places N
 * orders, waits for each to reach a final state, prints the summary and exits 0 only when
 * nothing was lost. With `--no-sim` it starts the cluster and waits.
 */
export async function devMain(flags: Record<string, string | boolean | undefined>): Promise<never> {
  const options = loadDevOptions(flags);
  const say = (line: string): void => void process.stdout.write(`[dev] ${line}\n`);
  // --jaeger: every process (this one runs ecom-sim) exports to the Jaeger started below,
  // unless OTEL_EXPORTER_OTLP_ENDPOINT already says where traces go.
  const withJaeger = options.jaeger && jaegerInstalled();
  if (options.jaeger && !withJaeger) say('--jaeger: Jaeger is not built (install Go, then `node scripts/go-tools.mjs` builds it into .tools/bin); running without it');
  const exportEnv: Record<string, string> =
    withJaeger && !options.otelEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: DEV_JAEGER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' } : {};
  const otelEndpoint = options.otelEndpoint ?? exportEnv.OTEL_EXPORTER_OTLP_ENDPOINT;
  const telemetry = startTelemetry({ serviceName: 'ordermesh-ecom-sim', env: { ...process.env, ...exportEnv } });
  // The console is for people: the processes' JSON logs go to files, this one only warns.
  const log = createRootLogger({ service: 'dev', level: process.env.ORDERMESH_LOG_LEVEL ?? 'warn' });
  return runProcess(
    async (signal) => {
      let jaeger: JaegerServer | undefined;
      if (withJaeger) {
        say('starting Jaeger (all-in-one, in memory) on :16686, OTLP on :4317 and :4318');
        jaeger = await startDevJaeger(join(resolve(options.dataDir), 'logs'));
      }
      let cluster: DevCluster;
      try {
        cluster = await startDevCluster(options, log, say, signal, exportEnv);
      } catch (err) {
        await jaeger?.stop();
        throw err;
      }
      try {
        process.stdout.write(banner(cluster, options, jaeger, otelEndpoint));
        if (options.noSim) {
          say('cluster running without ecom-sim (--no-sim); Ctrl-C stops it');
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          return;
        }
        const renderer = new ProgressRenderer(process.stdout, { tty: process.stdout.isTTY === true, columns: process.stdout.columns });
        let summary: SimulationSummary;
        try {
          summary = await runSimulation(
            {
              target: cluster.gateway,
              concurrency: options.concurrency,
              ...(options.orders !== undefined ? { orders: options.orders } : { durationS: DEMO_DURATION_S, ratePerS: options.rate ?? DEMO_RATE_PER_S }),
              ...(options.orders !== undefined && options.rate !== undefined ? { ratePerS: options.rate } : {}),
            },
            { signal, onProgress: (p) => renderer.update(p), credentials: cluster.tls?.credentials('ecom-sim') },
          );
        } finally {
          renderer.finish();
        }
        process.stdout.write(formatSummary(summary));
        const code = exitCodeOf(summary);
        if (options.exit && code !== 0) throw new RunFailedError(`the run lost or stranded orders (exit code ${code})`);
        if (options.exit) {
          // The books, from Postgres alone, as `ordermesh check` audits them.
          const database = openDatabase({ url: cluster.databaseUrl, poolSize: 1, log });
          try {
            const report = await auditBooks(database.sql);
            process.stdout.write(`\n${formatAudit(report, renderTable)}\n`);
            if (!report.ok) throw new RunFailedError('ordermesh check found the books unbalanced (above)');
          } finally {
            await database.close();
          }
        }
        if (options.exit || signal.aborted) return;
        say('the run is over; the cluster keeps running until Ctrl-C');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      } finally {
        say('stopping the cluster');
        await cluster.stop();
        // After the processes, which flush their last spans to it on the way out.
        await jaeger?.stop();
        say('stopped');
      }
    },
    { log, finally: () => telemetry.shutdown() },
  );
}
