import type * as grpc from '@grpc/grpc-js';
import { Etcd3 } from 'etcd3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { CA_FILE, certificateFileNames, initDevCertificates } from '#lib/security/dev-certificates.js';
import { CertificateFiles, meshChannelCredentials, type IdentityKind } from '#lib/security/index.js';
import { auditBooks, type AuditReport } from '#warehouse/src/audit/index.js';
import { callUnary, checkHealth, connectOrdermesh, type OrdermeshClients } from '#lib/grpc/index.js';
import { assignmentKey } from '#lib/membership/index.js';
import { parseAssignment, type Assignment } from '#lib/routing/index.js';
import {
  createTestDatabase,
  freePort,
  startEtcd,
  startPostgres,
  testDatabase,
  waitFor,
  type EtcdServer,
  type PostgresServer,
  type TestDatabase,
} from '#lib/testing/index.js';
import type { PatroniPair } from '#lib/postgres/index.js';
import { startHaDatabase } from './ha-database.js';
import { spawnOrdermesh, type OrdermeshProcess } from './ordermesh-process.js';

/** Options of {@link TestCluster.start}. */
export interface TestClusterOptions {
  /** Warehouse nodes per region; default one each in HCM, HN and DN (ids hcm-1, hn-1, dn-1). */
  nodesPerRegion?: Readonly<Record<string, number>>;
  /** Control-plane replicas; default 1. */
  controlPlanes?: number;
  /** Lease TTL of warehouse nodes, seconds; default 2. */
  leaseTtlS?: number;
  /** Election TTL of the control plane, seconds; default 2. */
  electionTtlS?: number;
  /** Also run wms-sim (the nodes deliver paid orders to it); default false. */
  wmsSim?: boolean;
  /** Extra environment for every process (e.g. OTEL_* to export traces). */
  env?: Record<string, string>;
  /** Give every process a Prometheus endpoint on a free port (`--metrics-port`); default false. */
  metrics?: boolean;
  /**
   * The database: 'shared' (default) a fresh database on the run's Postgres; 'own' one Postgres
   * server of the cluster's own, which the test may kill and restart ({@link TestCluster.postgres});
   * 'ha' two Postgres servers of the cluster's own, under Patroni with the cluster's etcd as its
   * store (as `ordermesh dev --postgres ha`), for database failover tests: see {@link TestCluster.patroni}.
   */
  database?: 'shared' | 'own' | 'ha';
  /**
   * Run every process with mutual TLS and authorization (`ordermesh certs init` certificates,
   * the default policy); the cluster's own clients then act as the operator. Default false.
   */
  tls?: boolean;
}

/** The TLS side of a cluster started with `tls`: the certificate folder and the operator's credentials. */
interface ClusterTls {
  dir: string;
  operator: CertificateFiles;
  credentials: grpc.ChannelCredentials;
}

/** The `--metrics-port` flag for a port, or nothing. */
const metricsArgs = (port: number | undefined): string[] => (port === undefined ? [] : ['--metrics-port', String(port)]);

interface NodeProcess {
  process: OrdermeshProcess;
  region: string;
  port: number;
  metricsPort: number | undefined;
}

/**
 * A whole ordermesh cluster as real processes, for cross-process tests: a private etcd (tests
 * stop and restart it), a fresh database on the run's Postgres, control-plane replicas and
 * warehouse nodes started with the `ordermesh` command as users start them.
 */
export class TestCluster {
  readonly nodes = new Map<string, NodeProcess>();
  readonly controlPlanes: Array<{ process: OrdermeshProcess; port: number; consolePort: number; replicaId: string; metricsPort: number | undefined } | undefined> = [];
  /** wms-sim, when started. */
  wms: { process: OrdermeshProcess; port: number; metricsPort: number | undefined } | undefined;
  /** The cluster's own Postgres server, with `database: 'own'` (kill and restart it at will). */
  readonly postgres: PostgresServer | undefined;
  private readonly clients = new Map<string, OrdermeshClients>();
  private readonly etcdClient: Etcd3;

  private constructor(
    readonly etcd: EtcdServer,
    readonly database: TestDatabase,
    readonly prefix: string,
    private readonly options: Required<TestClusterOptions>,
    private readonly wmsPort: number,
    /** Set when the cluster runs with mutual TLS. */
    readonly tls: ClusterTls | undefined,
    /** The Patroni pair the cluster's database runs on, with `database: 'ha'`. */
    readonly patroni: PatroniPair | undefined = undefined,
    postgresServer: PostgresServer | undefined = undefined,
  ) {
    this.etcdClient = new Etcd3({ hosts: etcd.endpoints });
    this.postgres = postgresServer;
  }

  /** Starts etcd, the control planes and the nodes; resolves once every process is SERVING. */
  static async start(options: TestClusterOptions = {}): Promise<TestCluster> {
    const resolved: Required<TestClusterOptions> = {
      nodesPerRegion: options.nodesPerRegion ?? { HCM: 1, HN: 1, DN: 1 },
      controlPlanes: options.controlPlanes ?? 1,
      leaseTtlS: options.leaseTtlS ?? 2,
      electionTtlS: options.electionTtlS ?? 2,
      wmsSim: options.wmsSim ?? false,
      env: options.env ?? {},
      metrics: options.metrics ?? false,
      database: options.database ?? 'shared',
      tls: options.tls ?? false,
    };
    const prefix = '/ordermesh/v1/';
    let etcd: EtcdServer;
    let database: TestDatabase;
    let patroni: PatroniPair | undefined;
    let server: PostgresServer | undefined;
    let wmsPort: number;
    if (resolved.database === 'ha') {
      [etcd, wmsPort] = await Promise.all([startEtcd(), freePort()]);
      try {
        ({ patroni, database } = await startHaDatabase(etcd, prefix));
      } catch (err) {
        await etcd.stop();
        throw err;
      }
    } else if (resolved.database === 'own') {
      let own: { server: PostgresServer; database: TestDatabase };
      [etcd, own, wmsPort] = await Promise.all([startEtcd(), ownDatabase(), freePort()]);
      ({ server, database } = own);
    } else {
      [etcd, database, wmsPort] = await Promise.all([startEtcd(), testDatabase(), freePort()]);
    }
    let tls: ClusterTls | undefined;
    if (resolved.tls) {
      const dir = await mkdtemp(join(tmpdir(), 'ordermesh-tls-'));
      const nodes = Object.entries(resolved.nodesPerRegion).flatMap(([region, count]) => Array.from({ length: count }, (_, i) => `${region.toLowerCase()}-${i + 1}`));
      await initDevCertificates(dir, { nodes });
      const operator = new CertificateFiles({ certFile: join(dir, 'operator.pem'), keyFile: join(dir, 'operator-key.pem'), caFile: join(dir, CA_FILE) });
      tls = { dir, operator, credentials: meshChannelCredentials(operator) };
    }
    const cluster = new TestCluster(etcd, database, prefix, resolved, wmsPort, tls, patroni, server);
    try {
      for (let i = 0; i < resolved.controlPlanes; i++) await cluster.startControlPlane(i);
      const starts: Promise<void>[] = [];
      for (const [region, count] of Object.entries(resolved.nodesPerRegion)) {
        for (let i = 1; i <= count; i++) starts.push(cluster.startNode(`${region.toLowerCase()}-${i}`, region));
      }
      await Promise.all(starts);
      const total = Object.values(resolved.nodesPerRegion).reduce((a, b) => a + b, 0);
      await cluster.waitForAssignment((a) => a.nodes.length === total, 'every node in the assignment');
      if (resolved.wmsSim) await cluster.startWmsSim();
      return cluster;
    } catch (err) {
      // The processes' last lines say why a cluster did not come up (one CI run timed out here).
      const outputs = cluster.outputs(30);
      await cluster.stop();
      throw new Error(`${(err as Error).message}\n${outputs}`, { cause: err });
    }
  }

  private baseEnv(): Record<string, string> {
    return {
      ORDERMESH_ETCD_ENDPOINTS: this.etcd.endpoints.join(','),
      ORDERMESH_ETCD_PREFIX: this.prefix,
      DATABASE_URL: this.database.url,
      ORDERMESH_LEASE_TTL_S: String(this.options.leaseTtlS),
      ORDERMESH_ELECTION_TTL_S: String(this.options.electionTtlS),
      ORDERMESH_SHUTDOWN_GRACE_MS: '5000',
      ORDERMESH_WMS_ADDRESS: `127.0.0.1:${this.wmsPort}`,
      ...this.options.env,
    };
  }

  /**
   * The environment that gives a process of `kind` (named `name`) its certificate: ORDERMESH_TLS_*
   * pointing into the cluster's certificate folder; empty for a plaintext cluster.
   */
  tlsEnv(kind: IdentityKind, name = kind === 'operator' ? 'admin' : kind): Record<string, string> {
    if (!this.tls) return {};
    const files = certificateFileNames(kind, name);
    return { ORDERMESH_TLS_CERT: join(this.tls.dir, files.cert), ORDERMESH_TLS_KEY: join(this.tls.dir, files.key), ORDERMESH_TLS_CA: join(this.tls.dir, CA_FILE) };
  }

  /** Credentials of the cluster's own clients: the operator's mutual TLS, or undefined (plaintext). */
  get credentials(): grpc.ChannelCredentials | undefined {
    return this.tls?.credentials;
  }

  /** A metrics port for a new process (the one it had when `previous` is given), or none. */
  private async metricsPort(previous: number | undefined): Promise<number | undefined> {
    if (!this.options.metrics) return undefined;
    return previous ?? (await freePort());
  }

  /** Each running process's scrape URL (`http://127.0.0.1:PORT/metrics`) by name: cp-1, hcm-1, wms-sim, ... */
  metricsUrls(): Map<string, string> {
    const url = (port: number | undefined): string[] => (port === undefined ? [] : [`http://127.0.0.1:${port}/metrics`]);
    return new Map([
      ...this.controlPlanes.flatMap((c) => (c ? url(c.metricsPort).map((u) => [c.replicaId, u] as const) : [])),
      ...[...this.nodes.entries()].flatMap(([id, n]) => url(n.metricsPort).map((u) => [id, u] as const)),
      ...(this.wms ? url(this.wms.metricsPort).map((u) => ['wms-sim', u] as const) : []),
    ]);
  }

  /** Starts wms-sim, pointed at the first gateway; resolves once it is SERVING (catalogue loaded). */
  async startWmsSim(): Promise<void> {
    const metricsPort = await this.metricsPort(this.wms?.metricsPort);
    const process = spawnOrdermesh('wms-sim', ['wms-sim', '--port', String(this.wmsPort), ...metricsArgs(metricsPort)], { ...this.baseEnv(), ...this.tlsEnv('wms-sim'), ORDERMESH_GATEWAY: this.gateway() });
    this.wms = { process, port: this.wmsPort, metricsPort };
    await this.waitServing(`127.0.0.1:${this.wmsPort}`, process);
  }

  /** The address of wms-sim. */
  get wmsAddress(): string {
    return `127.0.0.1:${this.wmsPort}`;
  }

  /** The gateway address of replica `i`. */
  gateway(i = 0): string {
    const cp = this.controlPlanes[i];
    if (!cp) throw new Error(`control plane ${i} is not running`);
    return `127.0.0.1:${cp.port}`;
  }

  /** The web console's URL of replica `i` (each replica serves one, on a free port). */
  consoleUrl(i = 0): string {
    const cp = this.controlPlanes[i];
    if (!cp) throw new Error(`control plane ${i} is not running`);
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${cp.consolePort}/`;
  }

  /** Clients of the services at `address` (cached; closed by stop()). */
  connect(address: string): OrdermeshClients {
    let c = this.clients.get(address);
    if (!c) this.clients.set(address, (c = connectOrdermesh(address, { credentials: this.credentials })));
    return c;
  }

  /** Starts (or restarts, on the same port) control-plane replica `i`. */
  async startControlPlane(i: number): Promise<void> {
    const port = this.controlPlanes[i]?.port ?? (await freePort());
    const consolePort = this.controlPlanes[i]?.consolePort ?? (await freePort());
    const replicaId = `cp-${i + 1}`;
    const metricsPort = await this.metricsPort(this.controlPlanes[i]?.metricsPort);
    const args = ['control-plane', '--port', String(port), '--console-port', String(consolePort), ...metricsArgs(metricsPort)];
    const process = spawnOrdermesh(replicaId, args, { ...this.baseEnv(), ...this.tlsEnv('control-plane'), ORDERMESH_REPLICA_ID: replicaId });
    this.controlPlanes[i] = { process, port, consolePort, replicaId, metricsPort };
    await this.waitServing(`127.0.0.1:${port}`, process);
  }

  /** Starts (or restarts, on the same port) a warehouse node. */
  async startNode(nodeId: string, region: string): Promise<void> {
    const port = this.nodes.get(nodeId)?.port ?? (await freePort());
    const metricsPort = await this.metricsPort(this.nodes.get(nodeId)?.metricsPort);
    const process = spawnOrdermesh(nodeId, ['warehouse', '--node-id', nodeId, '--region', region, '--port', String(port), ...metricsArgs(metricsPort)], { ...this.baseEnv(), ...this.tlsEnv('node', nodeId) });
    this.nodes.set(nodeId, { process, region, port, metricsPort });
    await this.waitServing(`127.0.0.1:${port}`, process);
  }

  /** Kills a node (SIGKILL by default: a crash) and waits for it to exit. */
  async killNode(nodeId: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const node = this.nodes.get(nodeId);
    if (!node) throw new Error(`no node ${nodeId}`);
    node.process.kill(signal);
    await node.process.exited;
  }

  /** Kills control-plane replica `i` (SIGKILL by default) and waits for it to exit. */
  async killControlPlane(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const cp = this.controlPlanes[i];
    if (!cp) throw new Error(`control plane ${i} is not running`);
    cp.process.kill(signal);
    await cp.process.exited;
  }

  /**
   * Restarts, in dependency order, everything of the cluster that is not running: Postgres (own),
   * etcd, control-plane replicas, nodes, wms-sim, each on its port and data. Returns the names of
   * what it restarted, so a test can tell a process it killed from one that died by itself.
   */
  async restartDead(): Promise<string[]> {
    const restarted: string[] = [];
    if (this.postgres && !this.postgres.running) {
      await this.postgres.restart();
      restarted.push('postgres');
    }
    if (!this.etcd.running) {
      await this.etcd.restart();
      restarted.push('etcd');
    }
    for (const [i, cp] of this.controlPlanes.entries()) {
      if (cp && cp.process.running) continue;
      await this.startControlPlane(i);
      restarted.push(cp?.replicaId ?? `cp-${i + 1}`);
    }
    const deadNodes = [...this.nodes.entries()].filter(([, n]) => !n.process.running);
    await Promise.all(deadNodes.map(([id, n]) => this.startNode(id, n.region)));
    restarted.push(...deadNodes.map(([id]) => id));
    if (this.wms && !this.wms.process.running) {
      await this.startWmsSim();
      restarted.push('wms-sim');
    }
    return restarted;
  }

  /**
   * Waits until every process answers SERVING and the published assignment has a leader and
   * lists every node (a node paused past its lease has registered again).
   */
  async waitHealthy(timeoutMs = 60_000): Promise<void> {
    const addresses = [
      ...this.controlPlanes.flatMap((cp) => (cp ? [`127.0.0.1:${cp.port}`] : [])),
      ...[...this.nodes.values()].map((n) => `127.0.0.1:${n.port}`),
      ...(this.wms ? [this.wmsAddress] : []),
    ];
    const ids = [...this.nodes.keys()];
    await waitFor(
      async () => {
        const statuses = await Promise.all(addresses.map((address) => checkHealth(address, '', 1000).catch(() => 'DOWN')));
        if (statuses.some((s) => s !== 'SERVING')) return false;
        const a = await this.assignment();
        return a !== undefined && a.leader !== '' && ids.every((id) => a.nodes.some((n) => n.nodeId === id));
      },
      { timeoutMs, intervalMs: 200, message: 'every process SERVING and every node in the assignment' },
    );
  }

  private async waitServing(address: string, process: OrdermeshProcess): Promise<void> {
    let exited: number | string | undefined;
    void process.exited.then((code) => (exited = code));
    await waitFor(
      async () => {
        if (exited !== undefined) throw new Error(`${process.name} exited (${exited}) before serving:\n${process.output()}`);
        return (await checkHealth(address, '', 1000, this.credentials)) === 'SERVING';
      },
      { timeoutMs: 60_000, intervalMs: 200, message: `${process.name} on ${address} to be SERVING` },
    );
  }

  /** The published assignment, read from etcd now (undefined before the first). */
  async assignment(): Promise<Assignment | undefined> {
    const json = await this.etcdClient.get(assignmentKey(this.prefix)).string();
    return json ? parseAssignment(json) : undefined;
  }

  /** Waits until the published assignment satisfies `predicate`; returns it. */
  async waitForAssignment(predicate: (a: Assignment) => boolean, what: string, timeoutMs = 30_000): Promise<Assignment> {
    return waitFor(
      async () => {
        const a = await this.assignment().catch(() => undefined);
        return a && predicate(a) ? a : undefined;
      },
      { timeoutMs, intervalMs: 100, message: what },
    );
  }

  /** Puts `units` of each sku into one warehouse per region, through the gateway. */
  async seedStock(skus: string[], units = 1_000_000): Promise<void> {
    const clients = this.connect(this.gateway());
    for (const warehouseId of ['HCM-01', 'HN-01', 'DN-01']) {
      await callUnary(clients.inventory, clients.inventory.SetStock, { warehouseId, items: skus.map((sku, i) => ({ sku, onHand: units, unitPriceCents: 100 + i })) }, { deadline: Date.now() + 10_000 });
    }
  }

  /**
   * The last log lines of every process, for a failing test's message. `minLevel` keeps only
   * pino lines at or above that level (40 warn, 50 error) and lines that are not pino's, so a
   * busy process's info lines do not push its warnings out of the tail.
   */
  outputs(lines = 20, minLevel = 30): string {
    const all = [
      ...[...this.nodes.entries()].map(([id, n]) => [id, n.process] as const),
      ...this.controlPlanes.flatMap((c) => (c ? [[c.replicaId, c.process] as const] : [])),
      ...(this.wms ? [['wms-sim', this.wms.process] as const] : []),
    ];
    return all
      .map(([name, p]) => `----- ${name}\n${p.output().split('\n').filter((l) => logLevelOf(l) >= minLevel).slice(-lines).join('\n')}`)
      .join('\n');
  }

  /** `ordermesh check` on the cluster's database: the audit of the books, from Postgres alone. */
  async audit(): Promise<AuditReport> {
    const sql = postgres(this.database.url, { max: 1, connect_timeout: 10, onnotice: () => undefined });
    try {
      return await auditBooks(sql);
    } finally {
      await sql.end({ timeout: 1 });
    }
  }

  /** Stops every process, etcd and the database. */
  async stop(): Promise<void> {
    for (const c of this.clients.values()) c.close();
    const processes = [
      ...(this.wms ? [this.wms.process] : []),
      ...[...this.nodes.values()].map((n) => n.process),
      ...this.controlPlanes.flatMap((c) => (c ? [c.process] : [])),
    ];
    await Promise.all(processes.map((p) => p.stop(5_000)));
    this.etcdClient.close();
    // Patroni hands its leader key back to etcd as it stops: the database goes first.
    if (this.patroni) await this.database.cleanup();
    await this.etcd.stop();
    await this.database.cleanup();
    if (this.tls) {
      this.tls.operator.close();
      await rm(this.tls.dir, { recursive: true, force: true });
    }
  }
}

/** A Postgres server of the cluster's own and a fresh database on it; cleanup stops the server. */
async function ownDatabase(): Promise<{ server: PostgresServer; database: TestDatabase }> {
  const server = await startPostgres();
  try {
    const created = await createTestDatabase(server.url);
    return { server, database: { url: created.url, name: created.name, cleanup: () => server.stop() } };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** A pino line's level; Infinity for a line that is not pino's (a crash, a stack trace). */
function logLevelOf(line: string): number {
  const match = /^\{"level":(\d+)/.exec(line);
  return match ? Number(match[1]) : Infinity;
}
