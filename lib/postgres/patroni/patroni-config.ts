/** Patroni's scope (cluster name) for ordermesh's database: its keys are `<namespace>postgres/...`. */
export const PATRONI_SCOPE = 'postgres';

/** Timing of Patroni's leader lock: how fast a lost primary is noticed and replaced. */
export interface PatroniTiming {
  /** Seconds the leader key lives without renewal; a dead primary's Patroni loses it after this. */
  ttlS: number;
  /** Seconds between two runs of Patroni's loop (health check, lock renewal). */
  loopWaitS: number;
  /** Seconds Patroni retries etcd and Postgres before giving a cycle up. */
  retryTimeoutS: number;
}

/**
 * Failover tuned to put writes back within about 15 s (docs/operations.md has the measured
 * figures): a crashed primary Postgres is failed over at once (primary_start_timeout 0) instead
 * of being restarted in place, and a dead Patroni's leader key expires after 10 s.
 * Patroni needs loop_wait + 2 × retry_timeout <= ttl, or a slow etcd call loses the lock.
 */
export const FAST_FAILOVER: PatroniTiming = { ttlS: 10, loopWaitS: 2, retryTimeoutS: 3 };

/** One member of the pair: its name, ports and folders. */
export interface PatroniMemberSpec {
  /** e.g. `pg-1`; unique in the cluster. */
  name: string;
  /** Postgres's port on 127.0.0.1. */
  postgresPort: number;
  /** Patroni's REST API port on 127.0.0.1 (/cluster, /health, /primary). */
  restApiPort: number;
  /** The member's folder (reachable by the user Postgres runs as): data/, pgpass, the socket. */
  folder: string;
  /** The Postgres data dir Patroni creates (initdb or pg_basebackup), inside `folder`. */
  dataDir: string;
}

/** What every member of one Patroni cluster shares. */
export interface PatroniClusterSpec {
  /** Patroni's `scope`: the cluster's name, and its folder in etcd. */
  scope: string;
  /** Patroni's `namespace`: the etcd prefix its keys live under, e.g. `/ordermesh/v1/`. */
  namespace: string;
  /** etcd client URLs, e.g. `http://127.0.0.1:2379`. */
  etcdEndpoints: readonly string[];
  /** Folder of the Postgres programs (pg_ctl, initdb, pg_rewind, ...). */
  postgresBinDir: string;
  superuser: { username: string; password: string };
  replication: { username: string; password: string };
  timing: PatroniTiming;
  /** fsync off: for tests, never for real data (a killed process loses nothing, an OS crash would). */
  fast: boolean;
  maxConnections: number;
}

/**
 * Patroni's configuration for one member, as an object (written as JSON, which Patroni's YAML
 * loader reads). Pure, so what each setting is for is tested and read here, not found in a
 * generated file:
 * - the store is the cluster's own etcd through its v3 API (`etcd3`: Patroni speaks etcd's
 *   JSON gateway itself, so etcd needs no --enable-v2);
 * - `synchronous_mode`: a commit is acknowledged once it is on both servers, so the replica
 *   Patroni promotes has every acknowledged write; Patroni drops the requirement while the
 *   replica is gone (not strict), so one server alone still takes writes;
 * - `use_pg_rewind`: a failed primary rejoins as a replica, rewound past what it never replicated
 *   (and thus never acknowledged);
 * - `primary_start_timeout: 0`: a crashed primary Postgres fails over to the synchronous replica
 *   instead of a crash recovery in place;
 * - `failsafe_mode`: an etcd outage does not demote a primary that still reaches its replica.
 */
export function patroniConfig(member: PatroniMemberSpec, cluster: PatroniClusterSpec): Record<string, unknown> {
  const { timing } = cluster;
  const local = (port: number): string => `127.0.0.1:${port}`;
  return {
    scope: cluster.scope,
    namespace: cluster.namespace,
    name: member.name,
    log: { level: 'INFO', format: '%(asctime)s %(levelname)s: %(message)s' },
    restapi: { listen: local(member.restApiPort), connect_address: local(member.restApiPort) },
    etcd3: { hosts: cluster.etcdEndpoints.map((url) => url.replace(/^https?:\/\//, '').replace(/\/$/, '')), protocol: 'http' },
    bootstrap: {
      dcs: {
        ttl: timing.ttlS,
        loop_wait: timing.loopWaitS,
        retry_timeout: timing.retryTimeoutS,
        primary_start_timeout: 0,
        // A replica this far behind (bytes) is never promoted; synchronous mode keeps it at 0.
        maximum_lag_on_failover: 16 * 1024 * 1024,
        synchronous_mode: true,
        synchronous_mode_strict: false,
        // etcd down: the primary stays primary while it can reach every member's REST API, instead
        // of demoting itself when it cannot renew its key (the cluster outlives an etcd outage).
        failsafe_mode: true,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            max_connections: cluster.maxConnections,
            wal_keep_size: '256MB',
            hot_standby: 'on',
            synchronous_commit: 'on',
            ...(cluster.fast ? { fsync: 'off', full_page_writes: 'on' } : {}),
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C' }],
    },
    postgresql: {
      listen: local(member.postgresPort),
      connect_address: local(member.postgresPort),
      data_dir: member.dataDir,
      bin_dir: cluster.postgresBinDir,
      pgpass: `${member.folder}/pgpass`,
      authentication: {
        superuser: cluster.superuser,
        replication: cluster.replication,
        // pg_rewind connects as the superuser: no third account to manage.
        rewind: cluster.superuser,
      },
      parameters: {
        // The member's own folder: no shared /var/run/postgresql to need or collide in.
        unix_socket_directories: member.folder,
      },
      pg_hba: [
        `host replication ${cluster.replication.username} 127.0.0.1/32 scram-sha-256`,
        'host all all 127.0.0.1/32 scram-sha-256',
      ],
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
}
