import { Etcd3 } from 'etcd3';
import { chownSync, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '#lib/logging/index.js';
import { sleep } from '#lib/runtime/index.js';
import { redactPostgresUrl } from '../connection-url.js';
import { placeDataDir } from '../data-dir.js';
import { postgresUser } from '../postgres-user.js';
import { PatroniStartError } from './errors.js';
import { FAST_FAILOVER, PATRONI_SCOPE, patroniConfig, type PatroniClusterSpec, type PatroniMemberSpec, type PatroniTiming } from './patroni-config.js';
import { PatroniMember } from './patroni-member.js';
import { findPatroniPrograms } from './patroni-programs.js';
import { fetchDatabaseServers, isReplicatedPair, type DatabaseServer } from './patroni-rest.js';


/** Options of {@link startPatroniPair}. */
export interface PatroniPairOptions {
  /** Parent folder of the members' folders (`<folder>/pg-1`, `<folder>/pg-2`); relocated like the embedded Postgres's when the `postgres` user cannot reach it. */
  folder: string;
  /** The cluster's etcd (Patroni's store). */
  etcdEndpoints: readonly string[];
  /** etcd prefix of Patroni's keys: the cluster's own, e.g. `/ordermesh/v1/`. */
  namespace: string;
  /** Postgres ports of pg-1 and pg-2 on 127.0.0.1. */
  postgresPorts: readonly [number, number];
  /** Patroni REST API ports of pg-1 and pg-2 on 127.0.0.1. */
  restApiPorts: readonly [number, number];
  log: Logger;
  /** The `patroni` executable and Postgres's bin folder; default: found (findPatroniPrograms). */
  patroniBin?: string;
  postgresBinDir?: string;
  /** PATH to look for `patroni` on. */
  path?: string;
  /** The superuser's password (user `ordermesh`); default `ordermesh`, as the embedded Postgres. */
  password?: string;
  timing?: PatroniTiming;
  /** fsync off, for tests; default false. */
  fast?: boolean;
  /** Restart a Patroni that exits on its own after this long (see PatroniMemberOptions); default 1 000 ms; null: never. */
  restartDelayMs?: number | null;
  /** Append each Patroni's output (and its Postgres's log) to `<logDir>/patroni-<name>.log`; default: debug lines of `log`. */
  logDir?: string;
  /** How long until both servers replicate; default 120 000 ms. */
  startTimeoutMs?: number;
}

/** Two Postgres servers under Patroni, one primary and one synchronous replica. */
export interface PatroniPair {
  /**
   * What nodes connect with: both servers in one URL, `target_session_attrs=primary`, so each
   * new connection finds the current primary by itself after a failover.
   */
  readonly url: string;
  readonly members: readonly PatroniMember[];
  /** Every server with its role, state and lag, from the first Patroni that answers. */
  servers(timeoutMs?: number): Promise<DatabaseServer[]>;
  /** The member Patroni runs as primary now (undefined while there is none). */
  primary(): Promise<PatroniMember | undefined>;
  /** Stops both Patronis and their Postgres servers; keeps the data. */
  stop(): Promise<void>;
}

/**
 * Starts two Postgres servers managed by Patroni, with the cluster's etcd as Patroni's store and
 * synchronous replication, and resolves once the primary runs and the replica streams as its
 * synchronous standby. A fresh pair (no member has data) bootstraps pg-1 first and clones pg-2
 * from it, after clearing Patroni's keys left in etcd by an earlier pair whose data was deleted
 * (they would make both wait for a leader that no longer exists); an existing pair starts both
 * at once and Patroni elects the primary.
 * As root, Patroni and Postgres run as the `postgres` user, in folders it can reach (as the
 * embedded Postgres does: lib/postgres/data-dir.ts).
 * Thrown by: PatroniStartError when Patroni or Postgres is not installed, or the pair does not
 * replicate within the start timeout (the message carries the tail of Patroni's output).
 */
export async function startPatroniPair(options: PatroniPairOptions): Promise<PatroniPair> {
  const { log } = options;
  const programs = findPatroniPrograms({ ...(options.patroniBin ? { patroniBin: options.patroniBin } : {}), ...(options.postgresBinDir ? { postgresBinDir: options.postgresBinDir } : {}), ...(options.path ? { path: options.path } : {}) });
  const user = postgresUser();
  const password = options.password ?? 'ordermesh';
  const cluster: PatroniClusterSpec = {
    scope: PATRONI_SCOPE,
    namespace: options.namespace,
    etcdEndpoints: options.etcdEndpoints,
    postgresBinDir: programs.postgresBinDir,
    superuser: { username: 'ordermesh', password },
    replication: { username: 'replicator', password },
    timing: options.timing ?? FAST_FAILOVER,
    fast: options.fast ?? false,
    maxConnections: 200,
  };
  const members = (['pg-1', 'pg-2'] as const).map((name, i) => {
    const folder = placeDataDir(join(options.folder, name), user, log);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (user) chownSync(folder, user.uid, user.gid);
    const spec: PatroniMemberSpec = { name, postgresPort: options.postgresPorts[i] as number, restApiPort: options.restApiPorts[i] as number, folder, dataDir: join(folder, 'data') };
    const child = log.child({ component: `patroni ${name}` });
    let logFile: WriteStream | undefined;
    if (options.logDir) {
      mkdirSync(options.logDir, { recursive: true });
      logFile = createWriteStream(join(options.logDir, `patroni-${name}.log`), { flags: 'a' });
    }
    return new PatroniMember({
      patroni: programs.patroni,
      spec,
      config: patroniConfig(spec, cluster),
      user,
      ...(options.restartDelayMs === null ? {} : { restartDelayMs: options.restartDelayMs ?? 1_000 }),
      dcs: { endpoints: options.etcdEndpoints, prefix: `${options.namespace}${PATRONI_SCOPE}/` },
      onOutput: (text) => {
        if (logFile) logFile.write(text);
        else for (const line of text.split('\n')) if (line.trim()) child.debug({ message: line.trim() }, 'patroni');
      },
    });
  });
  const pair = makePair(members, password, options.postgresPorts);
  try {
    const fresh = !members.some((m) => existsSync(join(m.spec.dataDir, 'PG_VERSION')));
    const timeoutMs = options.startTimeoutMs ?? 120_000;
    const until = Date.now() + timeoutMs;
    if (fresh) {
      await clearPatroniKeys(options.etcdEndpoints, `${options.namespace}${PATRONI_SCOPE}/`);
      log.info({ folder: options.folder }, 'bootstrapping a new Patroni pair');
      members[0]?.start();
      await waitUntil(members, until, timeoutMs, async () => (await pair.servers(1_000)).some((s) => s.name === 'pg-1' && s.role === 'leader' && s.state === 'running'), 'pg-1 did not become the primary');
      members[1]?.start();
    } else {
      for (const m of members) m.start();
    }
    await waitUntil(members, until, timeoutMs, async () => isReplicatedPair(await pair.servers(1_000)), 'the replica did not stream as the synchronous standby');
    log.info({ url: redactPostgresUrl(pair.url) }, 'patroni pair replicating');
    return pair;
  } catch (err) {
    await pair.stop();
    throw err;
  }
}

function makePair(members: PatroniMember[], password: string, ports: readonly [number, number]): PatroniPair {
  const hosts = ports.map((p) => `127.0.0.1:${p}`).join(',');
  const servers = async (timeoutMs = 2_000): Promise<DatabaseServer[]> => {
    let last: unknown;
    for (const m of members) {
      try {
        return await fetchDatabaseServers(m.apiUrl, timeoutMs);
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error('no Patroni answered');
  };
  return {
    url: `postgres://ordermesh:${encodeURIComponent(password)}@${hosts}/postgres?target_session_attrs=primary`,
    members,
    servers,
    async primary() {
      const leader = (await servers().catch(() => [])).find((s) => s.role === 'leader' && s.state === 'running');
      return members.find((m) => m.name === leader?.name);
    },
    async stop() {
      // The replica first: a primary stopped first would be failed over to it for nothing.
      const leader = (await servers(1_000).catch(() => [])).find((s) => s.role === 'leader')?.name;
      for (const m of [...members.filter((m) => m.name !== leader), ...members.filter((m) => m.name === leader)]) await m.stop();
    },
  };
}

async function waitUntil(members: PatroniMember[], until: number, timeoutMs: number, done: () => Promise<boolean>, what: string): Promise<void> {
  for (;;) {
    if (await done().catch(() => false)) return;
    for (const m of members) {
      // Patroni exits at once on a bad config or a taken port; waiting longer would not help.
      if (m.patroniPid > 0 && !m.running && m.restartCount === 0 && /exited \(code [1-9]/.test(m.output().split('\n').slice(-3).join('\n'))) {
        throw new PatroniStartError(`patroni ${m.name} exited: ${lastLines(m.output())}`, 'set ORDERMESH_LOG_LEVEL=debug for all of its output, or set DATABASE_URL to a Postgres you run');
      }
    }
    if (Date.now() > until) {
      throw new PatroniStartError(`${what} within ${timeoutMs} ms; ${members.map((m) => `${m.name}: ${lastLines(m.output())}`).join(' | ')}`, 'set ORDERMESH_LOG_LEVEL=debug for all of Patroni\'s output, or set DATABASE_URL to a Postgres you run');
    }
    await sleep(250);
  }
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-4).join(' / ');
}

/** Deletes Patroni's keys of a pair whose data is gone (best effort, bounded). */
async function clearPatroniKeys(endpoints: readonly string[], prefix: string): Promise<void> {
  const etcd = new Etcd3({ hosts: [...endpoints], dialTimeout: 5_000 });
  try {
    await etcd.delete().prefix(prefix).options({ deadline: Date.now() + 5_000 }).exec();
  } finally {
    etcd.close();
  }
}
