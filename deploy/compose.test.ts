// Checks deploy/docker-compose.yml and deploy/Dockerfile without a Docker engine: Compose itself
// validates the file (Debian's docker-compose, v1), and every ordermesh service's command, flags,
// environment variables and ports are checked against what the binaries accept, by running the
// binaries' own flag parser and config loaders on them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseCommandLine, parseFlags } from '#cli/commands.js';
import { COMMANDS } from '#cli/main.js';
import { loadControlPlaneConfig } from '#control-plane/src/config.js';
import { loadEcomSimConfig } from '#ecom-sim/src/config.js';
import { PROTO_ROOT } from '#lib/proto/index.js';
import { repoRoot } from '#lib/runtime/index.js';
import { exportRequested } from '#lib/telemetry/index.js';
import { loadWarehouseConfig } from '#warehouse/src/config.js';
import { MIGRATIONS_DIR } from '#warehouse/src/db/index.js';
import { loadWmsSimConfig } from '#wms-sim/src/config.js';

const ROOT = repoRoot();
const COMPOSE_FILE = 'deploy/docker-compose.yml';
const DOCKERFILE = 'deploy/Dockerfile';
/** The profile ecom-sim runs under. */
const SIM_PROFILE = 'sim';

type Flags = Record<string, string | boolean | undefined>;
type Env = Record<string, string>;

/** What the test needs of one ordermesh binary (one `ordermesh <command>`). */
interface Binary {
  /** The service's config.ts: the only reader of process.env for it. */
  configSource: string;
  /** The file that starts it: whether it starts telemetry (reads OTEL_*) is read from there. */
  mainSource: string;
  /** Loads its configuration as cli/main.ts does for these flags, from `env` alone. */
  load(flags: Flags, env: Env): LoadedConfig;
}

/** The parts of a loaded configuration the checks look at. */
interface LoadedConfig {
  /** Where a server listens; undefined for a client (ecom-sim, migrate). */
  listen?: { host: string; port: number; /** Further ports it serves (e.g. the web console), published but not health-checked. */ also?: number[] };
  /** host:port addresses it dials, by what they should be. */
  dials: Array<{ what: 'gateway' | 'wms-sim' | 'self'; address: string }>;
  etcdEndpoints: string[];
  databaseUrl: string | undefined;
  otelEnv: Record<string, string | undefined>;
}

const str = (flags: Flags, name: string): string | undefined => (typeof flags[name] === 'string' ? flags[name] : undefined);

const BINARIES: Record<string, Binary> = {
  warehouse: {
    configSource: 'warehouse/src/config.ts',
    mainSource: 'warehouse/src/main.ts',
    load: (flags, env) => {
      const c = loadWarehouseConfig(
        { nodeId: str(flags, 'node-id'), region: str(flags, 'region'), port: str(flags, 'port'), host: str(flags, 'host'), leaseTtlS: str(flags, 'lease-ttl') },
        env,
      );
      return {
        listen: { host: c.host, port: c.port },
        dials: [{ what: 'wms-sim', address: c.wmsAddress }, ...(c.advertiseAddress ? [{ what: 'self' as const, address: c.advertiseAddress }] : [])],
        etcdEndpoints: c.etcdEndpoints,
        databaseUrl: c.databaseUrl,
        otelEnv: c.otelEnv,
      };
    },
  },
  migrate: {
    configSource: 'warehouse/src/config.ts',
    mainSource: 'cli/migrate.ts',
    // As cli/migrate.ts loads it.
    load: (_flags, env) => {
      const c = loadWarehouseConfig({ nodeId: 'migrate', region: 'HCM' }, env);
      return { dials: [], etcdEndpoints: [], databaseUrl: c.databaseUrl, otelEnv: c.otelEnv };
    },
  },
  'control-plane': {
    configSource: 'control-plane/src/config.ts',
    mainSource: 'control-plane/src/main.ts',
    load: (flags, env) => {
      const c = loadControlPlaneConfig({ port: str(flags, 'port'), host: str(flags, 'host'), consolePort: str(flags, 'console-port') }, env);
      return { listen: { host: c.host, port: c.port, also: c.consolePort === undefined ? [] : [c.consolePort] }, dials: [], etcdEndpoints: c.etcdEndpoints, databaseUrl: undefined, otelEnv: c.otelEnv };
    },
  },
  'wms-sim': {
    configSource: 'wms-sim/src/config.ts',
    mainSource: 'wms-sim/src/main.ts',
    load: (flags, env) => {
      const c = loadWmsSimConfig({ port: str(flags, 'port'), host: str(flags, 'host') }, env);
      return { listen: { host: c.host, port: c.port }, dials: [{ what: 'gateway', address: c.gatewayAddress }], etcdEndpoints: [], databaseUrl: undefined, otelEnv: c.otelEnv };
    },
  },
  'etcd-auth': {
    configSource: 'cli/etcd-auth.ts',
    mainSource: 'cli/etcd-auth.ts',
    load: (_flags, env) => {
      const endpoints = (env.ORDERMESH_ETCD_ENDPOINTS ?? '').split(',').filter(Boolean);
      return { dials: [], etcdEndpoints: endpoints, databaseUrl: undefined, otelEnv: {} };
    },
  },
  certs: {
    // `ordermesh certs init DIR`: flags only, no environment.
    configSource: 'cli/certs.ts',
    mainSource: 'cli/certs.ts',
    load: () => ({ dials: [], etcdEndpoints: [], databaseUrl: undefined, otelEnv: {} }),
  },
  'ecom-sim': {
    configSource: 'ecom-sim/src/config.ts',
    mainSource: 'ecom-sim/src/main.ts',
    load: (flags, env) => {
      const c = loadEcomSimConfig(flags, env);
      return { dials: [{ what: 'gateway', address: c.simulation.target }], etcdEndpoints: [], databaseUrl: undefined, otelEnv: c.otelEnv };
    },
  },
};

/** Ports the third-party images listen on, by image repository (their documented defaults). */
const THIRD_PARTY_PORTS: Record<string, number[]> = {
  'gcr.io/etcd-development/etcd': [2379, 2380],
  postgres: [5432],
  'jaegertracing/all-in-one': [4317, 4318, 14269, 16686],
};

// --- the resolved compose model ------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  entrypoint?: unknown;
  command?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { target: number; published?: number | string; host_ip?: string }>;
  expose?: Array<string | number>;
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  networks?: Record<string, { aliases?: string[] } | null> | string[];
  profiles?: string[];
  restart?: string;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
}

interface ComposeModel {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const INSTALL_HINT =
  'docker-compose is not installed. Install Debian\'s Compose v1, which validates compose files without a Docker engine: `apt-get install docker-compose`.';

/** Runs docker-compose on the file with a clean environment (no COMPOSE_* or variables of the caller). */
function dockerCompose(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
    timeout: 60_000,
  });
  const error: NodeJS.ErrnoException | undefined = result.error;
  if (error?.code === 'ENOENT') assert.fail(INSTALL_HINT);
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function environmentOf(service: ComposeService): Record<string, string | null> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0 ? [entry, null] : [entry.slice(0, eq), entry.slice(eq + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? null : String(v)]));
}

/** A `ports:` entry as { published, target }: short syntax `[ip:]published:target[/proto]` or long. */
function portOf(entry: string | number | { target: number; published?: number | string; host_ip?: string }): { published?: number; target: number; hostIp?: string } {
  if (typeof entry === 'object') {
    return { target: Number(entry.target), ...(entry.published !== undefined ? { published: Number(entry.published) } : {}), ...(entry.host_ip ? { hostIp: entry.host_ip } : {}) };
  }
  const parts = String(entry).replace(/\/(tcp|udp)$/, '').split(':');
  const target = Number(parts.at(-1));
  const published = parts.length >= 2 ? Number(parts.at(-2)) : undefined;
  const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') : undefined;
  assert.ok(Number.isInteger(target) && (published === undefined || Number.isInteger(published)), `ports entry '${String(entry)}' is not [ip:]published:target`);
  return { target, ...(published !== undefined ? { published } : {}), ...(hostIp ? { hostIp } : {}) };
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition]));
}

function aliasesOf(service: ComposeService): string[] {
  if (!service.networks || Array.isArray(service.networks)) return [];
  return Object.values(service.networks).flatMap((n) => n?.aliases ?? []);
}

function hostPort(address: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(address);
  assert.ok(match, `'${address}' is not host:port`);
  return { host: match[1]!, port: Number(match[2]) };
}

const imageRepository = (image: string | undefined): string => (image ?? '').replace(/:[^:/]+$/, '');
const isOrdermesh = (s: ComposeService): boolean =>
  typeof s.build === 'object' && (s.build.dockerfile ?? '').replace(/\\/g, '/').endsWith(DOCKERFILE);

/** One ordermesh service, as the checks see it. */
interface OrdermeshService {
  name: string;
  service: ComposeService;
  command: string;
  flags: Flags;
  env: Env;
  binary: Binary;
  config: LoadedConfig;
}

let model: ComposeModel | undefined;
let services: OrdermeshService[] | undefined;

/** The resolved compose file, sim profile included, as `docker-compose config` prints it. */
function composeModel(): ComposeModel {
  if (!model) {
    const result = dockerCompose(['--profile', SIM_PROFILE, 'config']);
    assert.equal(result.status, 0, `docker-compose --profile ${SIM_PROFILE} config failed:\n${result.stderr}`);
    model = parseYaml(result.stdout) as ComposeModel;
  }
  return model;
}

/**
 * The ordermesh services, each checked on the way: its command is an ordermesh subcommand that
 * runs, its flags are ones that subcommand accepts, and its configuration (flags and the
 * service's environment alone) loads without a ConfigError.
 */
function ordermeshServices(): OrdermeshService[] {
  if (services) return services;
  const found: OrdermeshService[] = [];
  for (const [name, service] of Object.entries(composeModel().services)) {
    if (!isOrdermesh(service)) {
      assert.notEqual(imageRepository(service.image), 'ordermesh', `${name} uses the ordermesh image but does not build it from ${DOCKERFILE}`);
      continue;
    }
    // The image's ENTRYPOINT is the ordermesh executable; the command is its arguments.
    assert.equal(service.entrypoint, undefined, `${name}: keep the image's ENTRYPOINT (the ordermesh executable)`);
    assert.ok(Array.isArray(service.command) && service.command.every((a) => typeof a === 'string'), `${name}: command must be a list of strings`);
    const [command = '', ...args] = service.command;
    const entry = COMMANDS[command];
    assert.ok(entry?.run, `${name}: '${command}' is not an ordermesh subcommand that runs (cli/main.ts)`);
    const binary = BINARIES[command];
    assert.ok(binary, `${name}: this test does not know how to check 'ordermesh ${command}'`);
    let flags: Flags;
    try {
      flags = parseCommandLine(entry, args).flags;
    } catch (err) {
      assert.fail(`${name}: ordermesh ${command} refuses its flags: ${(err as Error).message}`);
    }
    const raw = environmentOf(service);
    for (const [k, v] of Object.entries(raw)) assert.notEqual(v, null, `${name}: ${k} has no value in the file (it would come from the host's environment)`);
    const env = raw as Env;
    let config: LoadedConfig;
    try {
      config = binary.load(flags, env);
    } catch (err) {
      assert.fail(`${name}: ordermesh ${command} refuses its configuration: ${(err as Error).message}`);
    }
    found.push({ name, service, command, flags, env, binary, config });
  }
  services = found;
  return found;
}

describe('deploy/docker-compose.yml', { timeout: 120_000 }, () => {
  it('should be a valid compose file, with and without the sim profile', () => {
    const plain = dockerCompose(['config', '--quiet']);
    assert.equal(plain.status, 0, `docker-compose config failed:\n${plain.stderr}`);
    const listed = dockerCompose(['--profile', SIM_PROFILE, 'config', '--services']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), Object.keys(composeModel().services).sort());
  });

  it('should have the services the issue asks for', () => {
    const { services: all } = composeModel();
    const names = Object.keys(all);
    for (const name of ['etcd', 'postgres', 'jaeger', 'migrate', 'wms-sim', 'ecom-sim']) assert.ok(all[name], `no service ${name}`);
    const running = (command: string): string[] => names.filter((n) => isOrdermesh(all[n]!) && (all[n]!.command as string[] | undefined)?.[0] === command);
    assert.ok(running('control-plane').length >= 2, 'two control-plane replicas');
    assert.equal(running('migrate').length, 1, 'one migration service');
    const regions = new Set(running('warehouse').map((n) => environmentOf(all[n]!).ORDERMESH_REGION));
    for (const region of ['HCM', 'HN', 'DN']) assert.ok(regions.has(region), `a warehouse node for ${region}`);
    assert.deepEqual(all['ecom-sim']!.profiles, [SIM_PROFILE], 'ecom-sim runs only under the sim profile');
    for (const name of names.filter((n) => n !== 'ecom-sim')) assert.equal(all[name]!.profiles, undefined, `${name} must start without a profile`);
  });

  it('should run every ordermesh service as a subcommand of the ordermesh CLI, with flags and variables it accepts', () => {
    const commands = new Set(ordermeshServices().map((o) => o.command));
    assert.deepEqual([...commands].sort(), ['certs', 'control-plane', 'ecom-sim', 'etcd-auth', 'migrate', 'warehouse', 'wms-sim']);
  });

  it('should set only environment variables the binaries read', () => {
    const configurationDoc = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    // Services whose config.ts loads lib/security's settings read its variables (ORDERMESH_TLS_*, ...) too.
    const securitySource = readFileSync(join(ROOT, 'lib/security/security-config.ts'), 'utf8');
    for (const { name, command, env, binary } of ordermeshServices()) {
      const ownSource = readFileSync(join(ROOT, binary.configSource), 'utf8');
      const configSource = ownSource.includes('loadSecurityConfig(') ? `${ownSource}\n${securitySource}` : ownSource;
      const startsTelemetry = readFileSync(join(ROOT, binary.mainSource), 'utf8').includes('startTelemetry(');
      for (const variable of Object.keys(env)) {
        if (variable.startsWith('OTEL_')) {
          assert.ok(startsTelemetry, `${name}: sets ${variable}, but ordermesh ${command} starts no telemetry (${binary.mainSource})`);
          assert.ok(configurationDoc.includes(`\`${variable}\``), `${name}: ${variable} is not one of the OTEL_* variables docs/configuration.md lists`);
        } else {
          assert.match(variable, /^(ORDERMESH_[A-Z0-9_]+|DATABASE_URL)$/, `${name}: ${variable} is neither ORDERMESH_*, DATABASE_URL nor OTEL_*`);
          assert.ok(new RegExp(`\\benv\\.${variable}\\b`).test(configSource), `${name}: sets ${variable}, which ${binary.configSource} does not read`);
        }
      }
    }
  });

  it('should listen on 0.0.0.0 and publish, expose and health-check the port each server listens on', () => {
    for (const { name, service, config } of ordermeshServices()) {
      const ports = (service.ports ?? []).map(portOf);
      const exposed = (service.expose ?? []).map((p) => Number(String(p).replace(/\/(tcp|udp)$/, '')));
      if (!config.listen) {
        assert.deepEqual([ports, exposed], [[], []], `${name} runs no server, so it publishes no port`);
        continue;
      }
      const { host, port } = config.listen;
      const served = [port, ...(config.listen.also ?? [])];
      assert.equal(host, '0.0.0.0', `${name}: must listen on 0.0.0.0 (ORDERMESH_HOST) to be reachable from other containers`);
      for (const p of ports) assert.ok(served.includes(p.target), `${name}: publishes container port ${p.target}, but listens on ${served.join(', ')}`);
      for (const p of exposed) assert.ok(served.includes(p), `${name}: exposes ${p}, but listens on ${served.join(', ')}`);
      const test = service.healthcheck?.test;
      assert.ok(Array.isArray(test) && test[0] === 'CMD' && test[1] === 'ordermesh', `${name}: health check must be ["CMD", "ordermesh", "health", ...]`);
      const [, , command = '', ...args] = test as string[];
      assert.equal(command, 'health', `${name}: health check must run 'ordermesh health'`);
      const flags = parseFlags(COMMANDS.health!, args);
      const target = hostPort(typeof flags.target === 'string' ? flags.target : '127.0.0.1:50051');
      assert.ok(['127.0.0.1', 'localhost'].includes(target.host), `${name}: the health check asks ${target.host}, not this container`);
      assert.equal(target.port, port, `${name}: the health check asks port ${target.port}, but the server listens on ${port}`);
    }
  });

  it('should publish each host port once', () => {
    const seen = new Map<string, string>();
    for (const [name, service] of Object.entries(composeModel().services)) {
      for (const p of (service.ports ?? []).map(portOf)) {
        if (p.published === undefined) continue;
        const key = `${p.hostIp ?? '0.0.0.0'}:${p.published}`;
        assert.ok(!seen.has(key), `${name} and ${seen.get(key)} both publish ${key}`);
        seen.set(key, name);
      }
    }
    for (const port of [50051, 50052, 16686, 8080]) assert.ok([...seen.keys()].some((k) => k.endsWith(`:${port}`)), `port ${port} is published`);
  });

  it('should point every address a process dials at a service listening there, and depend on it', () => {
    const { services: all } = composeModel();
    const names = Object.keys(all);
    const ordermesh = ordermeshServices();
    const listening = (service: string): number[] => {
      const s = all[service]!;
      const own = ordermesh.find((o) => o.name === service);
      if (own) return own.config.listen ? [own.config.listen.port] : [];
      return THIRD_PARTY_PORTS[imageRepository(s.image)] ?? [];
    };
    const resolve = (host: string): string[] => names.filter((n) => n === host || aliasesOf(all[n]!).includes(host));
    const check = (from: OrdermeshService, what: string, host: string, port: number, mustRun?: string): string[] => {
      const targets = resolve(host);
      assert.ok(targets.length > 0, `${from.name}: ${what} ${host}:${port}: no service or alias is called ${host}`);
      for (const t of targets) {
        assert.ok(listening(t).includes(port), `${from.name}: ${what} ${host}:${port}, but ${t} listens on ${listening(t).join(', ') || 'nothing'}`);
        if (mustRun) assert.equal(ordermesh.find((o) => o.name === t)?.command, mustRun, `${from.name}: ${what} ${host} reaches ${t}, which does not run ordermesh ${mustRun}`);
      }
      return targets;
    };
    const mustDependOn = (from: OrdermeshService, targets: string[], what: string): void => {
      const deps = dependsOn(from.service);
      assert.ok(targets.some((t) => deps[t] === 'service_healthy'), `${from.name}: must depend on ${targets.join(' or ')} (${what}) with condition service_healthy`);
    };

    for (const o of ordermesh) {
      for (const dial of o.config.dials) {
        const { host, port } = hostPort(dial.address);
        if (dial.what === 'self') {
          assert.ok(resolve(host).includes(o.name) && resolve(host).length === 1, `${o.name}: advertises ${dial.address}, which does not reach this service alone`);
          assert.equal(port, o.config.listen?.port, `${o.name}: advertises port ${port}, but listens on ${o.config.listen?.port}`);
        } else if (dial.what === 'gateway') {
          mustDependOn(o, check(o, 'gateway', host, port, 'control-plane'), 'the gateway');
        } else {
          // The outbox retries until wms-sim answers, and wms-sim needs the nodes first: no dependency.
          check(o, 'wms-sim address', host, port, 'wms-sim');
        }
      }
      for (const endpoint of o.config.etcdEndpoints) {
        const url = new URL(endpoint);
        mustDependOn(o, check(o, 'etcd endpoint', url.hostname, Number(url.port || 2379)), 'etcd');
      }
      if (o.config.databaseUrl) {
        const url = new URL(o.config.databaseUrl);
        const targets = check(o, 'DATABASE_URL', url.hostname, Number(url.port || 5432));
        mustDependOn(o, targets, 'Postgres');
        const pgEnv = environmentOf(all[targets[0]!]!);
        // Least privilege (deploy/postgres/least-privilege.sql): the migration logs in as the
        // schema's owner, everything else as the DML-only runtime role; never as the superuser.
        const role = o.command === 'migrate' ? { user: 'ordermesh_owner', password: pgEnv.ORDERMESH_OWNER_PASSWORD } : { user: 'ordermesh_app', password: pgEnv.ORDERMESH_APP_PASSWORD };
        assert.equal(decodeURIComponent(url.username), role.user, `${o.name}: DATABASE_URL must log in as ${role.user}`);
        assert.notEqual(decodeURIComponent(url.username), pgEnv.POSTGRES_USER, `${o.name}: must not use the superuser`);
        assert.ok(role.password, `${targets[0]}: sets no password for ${role.user} (ORDERMESH_OWNER_PASSWORD / ORDERMESH_APP_PASSWORD)`);
        assert.equal(decodeURIComponent(url.password), role.password, `${o.name}: DATABASE_URL's password is not ${role.user}'s`);
        assert.equal(url.pathname.slice(1), pgEnv.POSTGRES_DB, `${o.name}: DATABASE_URL's database is not POSTGRES_DB`);
      }
    }
  });

  it('should export every ordermesh process\'s spans to Jaeger', () => {
    const { services: all } = composeModel();
    const telemetry = ordermeshServices().filter((o) => readFileSync(join(ROOT, o.binary.mainSource), 'utf8').includes('startTelemetry('));
    assert.ok(telemetry.length >= 7);
    for (const o of telemetry) {
      assert.ok(exportRequested(o.config.otelEnv), `${o.name}: set OTEL_EXPORTER_OTLP_ENDPOINT so its spans reach Jaeger`);
      const endpoint = new URL(o.config.otelEnv.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
      const protocol = o.config.otelEnv.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
      assert.ok(['grpc', 'http/protobuf', 'http/json'].includes(protocol), `${o.name}: OTEL_EXPORTER_OTLP_PROTOCOL ${protocol}`);
      const port = Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80));
      assert.equal(port, protocol === 'grpc' ? 4317 : 4318, `${o.name}: OTLP ${protocol} is on port ${protocol === 'grpc' ? 4317 : 4318}`);
      assert.equal(imageRepository(all[endpoint.hostname]?.image), 'jaegertracing/all-in-one', `${o.name}: OTLP endpoint ${endpoint.hostname} is not the Jaeger service`);
    }
  });

  it('should migrate once, before any node starts, and start no node that migrates itself', () => {
    const ordermesh = ordermeshServices();
    const migrate = ordermesh.filter((o) => o.command === 'migrate');
    assert.equal(migrate.length, 1);
    const migration = migrate[0]!;
    assert.equal(migration.service.restart, 'no', 'the migration runs once');
    for (const node of ordermesh.filter((o) => o.command === 'warehouse')) {
      assert.equal(node.env.ORDERMESH_MIGRATE, 'false', `${node.name}: ORDERMESH_MIGRATE=false (the migrate service applies them)`);
      assert.equal(dependsOn(node.service)[migration.name], 'service_completed_successfully', `${node.name}: must wait for ${migration.name} to complete successfully`);
      // The same server and database; the user differs (the owner migrates, nodes run as ordermesh_app).
      const where = (url: string | undefined): string => {
        const u = new URL(url ?? '');
        return `${u.host}${u.pathname}`;
      };
      assert.equal(where(node.config.databaseUrl), where(migration.config.databaseUrl), `${node.name}: uses another database than ${migration.name} migrates`);
    }
  });

  it('should run every gRPC process with its own certificate of the mesh CA, made by the certs service first', () => {
    const ordermesh = ordermeshServices();
    const certs = ordermesh.find((o) => o.command === 'certs');
    assert.ok(certs, 'a certs service runs ordermesh certs init');
    assert.equal(certs.service.restart, 'no', 'certs runs once per up');
    const dir = (certs.service.command as string[])[2];
    const nodes = String(certs.flags.nodes ?? 'hcm-1,hn-1,dn-1').split(',');
    const seen = new Map<string, string>();
    for (const o of ordermesh.filter((x) => ['control-plane', 'warehouse', 'wms-sim', 'ecom-sim'].includes(x.command))) {
      assert.equal(dependsOn(o.service)[certs.name], 'service_completed_successfully', `${o.name}: must wait for ${certs.name} to complete`);
      const { ORDERMESH_TLS_CERT: cert, ORDERMESH_TLS_KEY: key, ORDERMESH_TLS_CA: ca } = o.env;
      assert.ok(cert && key && ca, `${o.name}: sets ORDERMESH_TLS_CERT, _KEY and _CA (mutual TLS)`);
      assert.equal(ca, `${dir}/ca.pem`, `${o.name}: trusts the CA certs made`);
      if (o.command === 'warehouse') {
        const id = o.env.ORDERMESH_NODE_ID ?? '';
        assert.ok(nodes.includes(id), `${o.name}: certs makes no certificate for node ${id}`);
        assert.equal(cert, `${dir}/node-${id}.pem`, `${o.name}: uses another node's certificate`);
      }
      if (o.command !== 'control-plane') {
        assert.ok(!seen.has(cert), `${o.name} and ${seen.get(cert)} share a certificate`);
        seen.set(cert, o.name);
      }
      for (const endpoint of o.config.etcdEndpoints) assert.match(endpoint, /^https:\/\//, `${o.name}: reaches etcd over TLS`);
      if (o.config.etcdEndpoints.length) assert.equal(dependsOn(o.service)['etcd-auth'], 'service_completed_successfully', `${o.name}: must wait for etcd-auth (least privilege in etcd)`);
    }
    const etcdAuth = ordermesh.find((o) => o.command === 'etcd-auth');
    assert.ok(etcdAuth, 'an etcd-auth service turns etcd authentication on');
    assert.deepEqual(String(etcdAuth.flags.nodes).split(',').sort(), nodes.slice().sort(), 'etcd-auth makes a user for every node certs makes a certificate for');
  });

  it('should give nodes and control-plane replicas distinct identities', () => {
    const ordermesh = ordermeshServices();
    const nodeIds = ordermesh.filter((o) => o.command === 'warehouse').map((o) => o.env.ORDERMESH_NODE_ID);
    assert.equal(new Set(nodeIds).size, nodeIds.length, `node ids repeat: ${nodeIds.join(', ')}`);
    const replicaIds = ordermesh.filter((o) => o.command === 'control-plane').map((o) => o.env.ORDERMESH_REPLICA_ID);
    assert.ok(replicaIds.every(Boolean), 'every replica sets ORDERMESH_REPLICA_ID (the default uses the pid, 1 in every container)');
    assert.equal(new Set(replicaIds).size, replicaIds.length, `replica ids repeat: ${replicaIds.join(', ')}`);
  });

  it('should give long-running services health checks, and wait only on conditions that can be met', () => {
    const { services: all } = composeModel();
    for (const [name, service] of Object.entries(all)) {
      const oneShot = service.restart === 'no';
      if (!oneShot) assert.ok(service.healthcheck?.test && !service.healthcheck.disable, `${name}: needs a health check`);
      for (const [dep, condition] of Object.entries(dependsOn(service))) {
        const target = all[dep];
        assert.ok(target, `${name} depends on unknown service ${dep}`);
        assert.ok(condition, `${name}: depends_on ${dep} needs a condition`);
        if (condition === 'service_healthy') assert.ok(target.healthcheck?.test, `${name} waits for ${dep} to be healthy, but ${dep} has no health check`);
        if (condition === 'service_completed_successfully') assert.equal(target.restart, 'no', `${name} waits for ${dep} to complete, but ${dep} restarts`);
        assert.ok(!target.profiles || (service.profiles ?? []).some((p) => target.profiles?.includes(p)), `${name} depends on ${dep}, which only runs under a profile`);
      }
    }
  });

  it('should use official images by tag and keep Postgres in a named volume', () => {
    const { services: all, volumes } = composeModel();
    for (const [name, service] of Object.entries(all).filter(([, s]) => !isOrdermesh(s))) {
      const image = service.image ?? '';
      const tag = /:([^:/]+)$/.exec(image)?.[1];
      assert.ok(tag && tag !== 'latest', `${name}: pin ${image} by tag`);
    }
    const postgres = all.postgres!;
    assert.equal(imageRepository(postgres.image), 'postgres');
    const data = (postgres.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v)).find((v) => v.target === '/var/lib/postgresql/data');
    assert.ok(data?.source && volumes && data.source in volumes, 'Postgres keeps /var/lib/postgresql/data in a named volume');
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, DOCKERFILE), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const lastFrom = dockerfile.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const runtime = dockerfile.slice(lastFrom);
  const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

  it('should build in stages and run as a user other than root', () => {
    assert.ok(lastFrom > 0, 'multi-stage: the runtime stage is not the first');
    const user = runtime.filter((l) => /^USER\s/i.test(l)).at(-1)?.split(/\s+/)[1];
    assert.ok(user && !['root', '0', '0:0'].includes(user), `the runtime stage runs as ${user ?? 'root'}`);
  });

  it('should install production dependencies only, without embedded Postgres binaries', () => {
    const installs = runtime.concat(dockerfile).filter((l) => /npm (ci|install)/.test(l) && l.includes('--omit=dev'));
    assert.ok(installs.some((l) => l.includes('--omit=optional')), 'an npm ci --omit=dev --omit=optional stage provides node_modules');
  });

  it('should put in the image what the binaries read at run time, and keep it in the build context', () => {
    const needed = ['package.json', 'bin', relative(ROOT, PROTO_ROOT), relative(ROOT, MIGRATIONS_DIR)].map((p) => p.replace(/\\/g, '/'));
    for (const path of needed) {
      assert.ok(runtime.some((l) => new RegExp(`^COPY\\s+(--chown=\\S+\\s+)?${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`).test(l)), `the runtime stage copies ${path}`);
      const top = path.split('/')[0]!;
      assert.ok(dockerignore.includes(`!${top}`) || dockerignore.includes(`!${top}/`), `.dockerignore lets ${path} into the build context`);
    }
    assert.ok(runtime.some((l) => /^COPY\s+--from=\S+\s+\S*dist\s/.test(l)), 'the runtime stage copies the compiled dist/');
    const entrypoint = runtime.find((l) => /^ENTRYPOINT\s/i.test(l)) ?? '';
    assert.match(entrypoint, /bin\/ordermesh\.js/, 'ENTRYPOINT is the ordermesh executable');
    assert.ok(runtime.some((l) => l.includes('/usr/local/bin/ordermesh')), '`ordermesh` is on PATH for the health checks');
  });
});
