import type * as grpc from '@grpc/grpc-js';
import { join, resolve } from 'node:path';
import { checkHealth } from '#lib/grpc/index.js';
import { CA_FILE, certificateFileNames, initDevCertificates, operatorClientFlags } from '#lib/security/dev-certificates.js';
import { CertificateFiles, meshChannelCredentials, type IdentityKind } from '#lib/security/index.js';
import type { Logger } from '#lib/logging/index.js';
import { startEmbeddedPostgres, startPatroniPair, type EmbeddedPostgresServer } from '#lib/postgres/index.js';
import { repoRoot, sleep } from '#lib/runtime/index.js';
import { migrateDatabase, openDatabase } from '#warehouse/src/db/index.js';
import { startChild } from './child-process.js';
import { superviseChild, type SupervisedChild } from './supervised-child.js';
import type { DevOptions } from './dev-options.js';
import { EtcdMissingError, findEtcdBinary, startEtcdChild } from './etcd-child.js';

/** Fixed ports of the dev cluster (docs/configuration.md, docs/operations.md). */
export const DEV_PORTS = {
  gateway: 50051,
  firstNode: 50061,
  wmsSim: 50071,
  postgres: 54329,
  etcd: 2379,
  /** `--postgres ha`: Postgres of pg-1 and pg-2, and their Patroni REST APIs. */
  haPostgres: [54331, 54332],
  patroniApi: [8008, 8009],
  console: 8080,
} as const;

/** Each process's Prometheus endpoint is on its gRPC port plus this (51051, 51061.., 51071). */
export const DEV_METRICS_PORT_OFFSET = 1000;

/** The metrics port of the dev process whose gRPC port is `grpcPort`. */
const metricsPortOf = (grpcPort: number): number => grpcPort + DEV_METRICS_PORT_OFFSET;

/** The regions the dev cluster runs nodes in. */
const REGIONS = ['HCM', 'HN', 'DN'] as const;

/** A running dev cluster. */
export interface DevCluster {
  gateway: string;
  /** The control plane's web console. */
  consoleUrl: string;
  wmsSim: string;
  nodes: Array<{ nodeId: string; region: string; address: string }>;
  databaseUrl: string;
  /** How the database runs, for the banner: `embedded`, `DATABASE_URL`, or the HA pair's servers. */
  databaseSummary: string;
  etcdEndpoint: string;
  logDir: string;
  /** Set with --tls: where the certificates are, and credentials for in-process clients. */
  tls: DevTls | undefined;
  /** Each process's Prometheus endpoint, `http://127.0.0.1:PORT/metrics`, by process name. */
  metrics: Array<{ process: string; url: string }>;
  /** Stops everything in order: wms-sim, nodes, control plane, etcd, Postgres. */
  stop(): Promise<void>;
}

/** The dev cluster's TLS (--tls): the certificate folder made by `ordermesh certs init`. */
export interface DevTls {
  dir: string;
  /** grpcurl's flags for calling as the operator: -cacert, -cert, -key. */
  grpcurlFlags: string;
  /** The same flags for `ordermesh status` and `ordermesh health`. */
  ordermeshFlags: string;
  /** Credentials of a client inside this process, as `kind` (e.g. ecom-sim's, the operator's). */
  credentials(kind: IdentityKind): grpc.ChannelCredentials;
}

/** The ORDERMESH_TLS_* variables that give a process `kind`/`name`'s certificate in `dir`. */
function tlsEnv(dir: string, kind: IdentityKind, name: string): Record<string, string> {
  const files = certificateFileNames(kind, name);
  return { ORDERMESH_TLS_CERT: join(dir, files.cert), ORDERMESH_TLS_KEY: join(dir, files.key), ORDERMESH_TLS_CA: join(dir, CA_FILE) };
}

/**
 * Starts the whole cluster for `ordermesh dev`: etcd (a child process unless
 * ORDERMESH_ETCD_ENDPOINTS), Postgres (DATABASE_URL, else an embedded one, or with `--postgres
 * ha` two under Patroni with that etcd as its store), migrations, one control-plane
 * replica on :50051, K warehouse nodes per region on :50061.., and wms-sim on :50071, each an
 * `ordermesh` child process whose log goes to <data dir>/logs, restarted when it crashes.
 * Resolves once all are SERVING.
 * Whatever started is stopped again when a later step fails.
 */
export async function startDevCluster(
  options: DevOptions,
  log: Logger,
  say: (line: string) => void,
  signal: AbortSignal,
  /** Added to every ordermesh child's environment (e.g. the OTEL_* variables that export to `--jaeger`'s Jaeger). */
  childEnv: Record<string, string> = {},
): Promise<DevCluster> {
  const dataDir = resolve(options.dataDir);
  const logDir = join(dataDir, 'logs');
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.warn({ err }, 'stop failed'));
    stops.length = 0;
  };
  try {
    // etcd first: Patroni (--postgres ha) keeps its leader key there.
    let etcdEndpoint = options.etcdEndpoints;
    if (!etcdEndpoint) {
      const binary = findEtcdBinary(process.env);
      if (!binary) throw new EtcdMissingError();
      say(`starting etcd (${binary}, data in ${join(dataDir, 'etcd')})`);
      const etcd = await startEtcdChild({ binary, dataDir: join(dataDir, 'etcd'), clientPort: DEV_PORTS.etcd, logFile: join(logDir, 'etcd.log') });
      stops.push(() => etcd.child.stop());
      etcdEndpoint = etcd.endpoint;
    }
    let databaseUrl = options.databaseUrl;
    let databaseSummary = 'DATABASE_URL';
    if (!databaseUrl && options.postgres === 'ha') {
      const folder = join(dataDir, 'patroni');
      say(`starting two Postgres servers under Patroni (pg-1 :${DEV_PORTS.haPostgres[0]}, pg-2 :${DEV_PORTS.haPostgres[1]}; data in ${folder})`);
      const pair = await startPatroniPair({
        folder,
        etcdEndpoints: etcdEndpoint.split(','),
        namespace: '/ordermesh/v1/',
        postgresPorts: DEV_PORTS.haPostgres,
        restApiPorts: DEV_PORTS.patroniApi,
        path: process.env.PATH ?? '',
        logDir,
        log: log.child({ component: 'patroni' }),
      });
      stops.push(() => pair.stop());
      databaseUrl = pair.url;
      const servers = await pair.servers().catch(() => []);
      databaseSummary = `Patroni pair: ${servers.map((s) => `${s.name} ${s.address} ${s.role}`).join(', ')} (ordermesh status shows roles and lag)`;
    } else if (!databaseUrl) {
      say(`starting Postgres (embedded, data in ${join(dataDir, 'postgres')})`);
      const pg: EmbeddedPostgresServer = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: DEV_PORTS.postgres, log: log.child({ component: 'postgres' }) });
      // As root in a folder only root may enter, the cluster lives elsewhere (docs/operations.md).
      if (pg.dataDir !== join(dataDir, 'postgres')) say(`Postgres data relocated to ${pg.dataDir}: the postgres user cannot enter ${dataDir}`);
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
      databaseSummary = 'embedded';
    }
    say('applying migrations');
    const database = openDatabase({ url: databaseUrl, poolSize: 2, log });
    try {
      await migrateDatabase(database);
    } finally {
      await database.close();
    }
    if (signal.aborted) throw signal.reason;

    // With --tls, a CA and a key pair per process (`ordermesh certs init`), made again on every
    // start under the kept CA, so a dev cluster's certificates are always fresh.
    const nodes: DevCluster['nodes'] = [];
    let port = DEV_PORTS.firstNode;
    for (const region of REGIONS) {
      for (let k = 1; k <= options.nodesPerRegion; k++) nodes.push({ nodeId: `${region.toLowerCase()}-${k}`, region, address: `127.0.0.1:${port++}` });
    }
    let tls: DevTls | undefined;
    const opened: CertificateFiles[] = [];
    stops.push(async () => opened.forEach((c) => c.close()));
    if (options.tls) {
      const dir = join(dataDir, 'tls');
      say(`making certificates in ${dir} (ordermesh certs init)`);
      await initDevCertificates(dir, { nodes: nodes.map((n) => n.nodeId) });
      const flags = operatorClientFlags(dir);
      tls = {
        dir,
        grpcurlFlags: flags.grpcurl.join(' '),
        ordermeshFlags: flags.ordermesh.join(' '),
        credentials: (kind) => {
          const env = tlsEnv(dir, kind, kind === 'operator' ? 'admin' : kind);
          const files = new CertificateFiles({ certFile: env.ORDERMESH_TLS_CERT ?? '', keyFile: env.ORDERMESH_TLS_KEY ?? '', caFile: env.ORDERMESH_TLS_CA ?? '' });
          opened.push(files);
          return meshChannelCredentials(files);
        },
      };
    }
    const probeCredentials = tls?.credentials('operator');
    const identityEnv = (kind: IdentityKind, name: string): Record<string, string> => (tls ? tlsEnv(tls.dir, kind, name) : {});

    // ordermesh processes, as `ordermesh <command>` children.
    const bin = join(repoRoot(), 'bin/ordermesh.js');
    const common = {
      ORDERMESH_ETCD_ENDPOINTS: etcdEndpoint,
      DATABASE_URL: databaseUrl,
      ORDERMESH_LEASE_TTL_S: String(options.leaseTtlS),
      ORDERMESH_WMS_ADDRESS: `127.0.0.1:${DEV_PORTS.wmsSim}`,
      ORDERMESH_GATEWAY: `127.0.0.1:${DEV_PORTS.gateway}`,
      ORDERMESH_MIGRATE: 'false',
      ...childEnv,
    };
    // Every ordermesh child is restarted when it exits on its own (a crash): a dev cluster keeps
    // running through a process fault as a supervisor (systemd, Kubernetes) would keep it.
    const spawnOrdermesh = (name: string, args: string[], env: Record<string, string> = {}): SupervisedChild => {
      const child = superviseChild(name, () => startChild(name, process.execPath, [bin, ...args], { ...common, ...env }, join(logDir, `${name}.log`)), { log });
      stops.push(() => child.stop());
      return child;
    };
    const waitServing = async (name: string, supervised: SupervisedChild, address: string): Promise<void> => {
      // While starting, an exit is a failure to start (a port taken, bad config), not a crash.
      const child = supervised.current;
      let exited: number | string | undefined;
      void child.exited.then((code) => (exited = code));
      for (const started = Date.now(); ; ) {
        if (signal.aborted) throw signal.reason;
        if (exited !== undefined) throw new Error(`${name} exited (${exited}) while starting; see ${join(logDir, `${name}.log`)}`);
        if ((await checkHealth(address, '', 1_000, probeCredentials)) === 'SERVING') return;
        if (Date.now() - started > 60_000) throw new Error(`${name} did not become SERVING on ${address} within 60 s; see ${join(logDir, `${name}.log`)}`);
        await sleep(200, signal);
      }
    };

    say(`starting the control plane on 127.0.0.1:${DEV_PORTS.gateway}`);
    const gateway = `127.0.0.1:${DEV_PORTS.gateway}`;
    const metrics: DevCluster['metrics'] = [];
    const metricsFlag = (process: string, grpcPort: number): string[] => {
      metrics.push({ process, url: `http://127.0.0.1:${metricsPortOf(grpcPort)}/metrics` });
      return ['--metrics-port', String(metricsPortOf(grpcPort))];
    };
    // With --tls the console is HTTPS and asks for the operator certificate (docs/security.md).
    const consoleUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${DEV_PORTS.console}/`;
    const cp = spawnOrdermesh(
      'control-plane',
      ['control-plane', '--port', String(DEV_PORTS.gateway), '--console-port', String(DEV_PORTS.console), ...metricsFlag('control-plane', DEV_PORTS.gateway)],
      {
        ...identityEnv('control-plane', 'control-plane'),
        ORDERMESH_REPLICA_ID: 'cp-1',
        OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME ?? 'ordermesh-control-plane',
      },
    );
    await waitServing('control-plane', cp, gateway);

    say(`starting ${nodes.length} warehouse nodes: ${nodes.map((n) => `${n.nodeId} ${n.address}`).join(', ')}`);
    const nodeChildren = nodes.map((n) => {
      const nodePort = Number(n.address.split(':')[1]);
      return spawnOrdermesh(n.nodeId, ['warehouse', '--node-id', n.nodeId, '--region', n.region, '--port', String(nodePort), ...metricsFlag(n.nodeId, nodePort)], identityEnv('node', n.nodeId));
    });
    await Promise.all(nodes.map((n, i) => waitServing(n.nodeId, nodeChildren[i] as SupervisedChild, n.address)));

    const wmsSim = `127.0.0.1:${DEV_PORTS.wmsSim}`;
    say(`starting wms-sim on ${wmsSim} (it loads the catalogue through the gateway)`);
    const wms = spawnOrdermesh('wms-sim', ['wms-sim', '--port', String(DEV_PORTS.wmsSim), ...metricsFlag('wms-sim', DEV_PORTS.wmsSim)], identityEnv('wms-sim', 'wms-sim'));
    await waitServing('wms-sim', wms, wmsSim);

    return { gateway, consoleUrl, wmsSim, nodes, databaseUrl, databaseSummary, etcdEndpoint, logDir, metrics, tls, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
