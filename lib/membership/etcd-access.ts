import { Range, type Etcd3 } from 'etcd3';
import { assignmentKey, drainPrefix, electionPrefix, loadKey, nodeKey, normalizePrefix, servicesPrefix, topologyKey } from './keys.js';

/** One permission of an etcd role: a key or a key prefix, read-only or read-write. */
export interface EtcdGrant {
  permission: 'Read' | 'Readwrite';
  /** Exactly this key ... */
  key?: string;
  /** ... or every key under this prefix. */
  prefix?: string;
}

/** An etcd user (the CN of a process's certificate), its one role and that role's grants. */
export interface EtcdAccount {
  user: string;
  role: string;
  grants: EtcdGrant[];
}

/** Options of {@link etcdAccounts}. */
export interface EtcdAccountsOptions {
  /** The warehouse nodes; each is a user named by its id (its certificate's CN). */
  nodeIds: readonly string[];
  /** The control plane's user (its certificate's CN); default 'control-plane'. */
  controlPlaneUser?: string;
  /** wms-sim's user (its certificate's CN); default 'wms-sim'. It may write only its own registration. */
  wmsSimUser?: string;
  /**
   * A user that may only read etcd's `health` key: the one etcd's own health check logs in as
   * (the CN of the certificate it presents); undefined: none.
   */
  healthUser?: string | undefined;
}

/**
 * Least privilege in etcd under `prefix`: everyone reads the keyspace; a node writes only its own
 * registration and load keys (so no node can register, or report load, as another); the control
 * plane writes only its own keys (the election, the assignment, the topology and drain requests)
 * and never a node's registration; wms-sim writes only its own registration under
 * `services/wms-sim/` and reads nothing.
 */
export function etcdAccounts(prefix: string, options: EtcdAccountsOptions): EtcdAccount[] {
  const p = normalizePrefix(prefix);
  const controlPlane: EtcdAccount = {
    user: options.controlPlaneUser ?? 'control-plane',
    role: 'ordermesh-control-plane',
    grants: [
      { permission: 'Read', prefix: p },
      { permission: 'Readwrite', prefix: electionPrefix(p) },
      { permission: 'Readwrite', key: assignmentKey(p) },
      { permission: 'Readwrite', key: topologyKey(p) },
      { permission: 'Readwrite', prefix: drainPrefix(p) },
    ],
  };
  const nodes = options.nodeIds.map(
    (nodeId): EtcdAccount => ({
      user: nodeId,
      role: `ordermesh-node-${nodeId}`,
      grants: [
        { permission: 'Read', prefix: p },
        { permission: 'Readwrite', key: nodeKey(p, nodeId) },
        { permission: 'Readwrite', key: loadKey(p, nodeId) },
      ],
    }),
  );
  const health: EtcdAccount[] = options.healthUser ? [{ user: options.healthUser, role: 'ordermesh-health', grants: [{ permission: 'Read', key: 'health' }] }] : [];
  const wmsSim: EtcdAccount = {
    user: options.wmsSimUser ?? 'wms-sim',
    role: 'ordermesh-wms-sim',
    grants: [{ permission: 'Readwrite', prefix: `${servicesPrefix(p)}wms-sim/` }],
  };
  return [controlPlane, ...nodes, wmsSim, ...health];
}

/** True for etcd's "already exists" answers, which make applying twice harmless. */
function exists(err: unknown): boolean {
  return /already exists/i.test(String((err as Error | undefined)?.message ?? err));
}

async function ignoringExisting(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (!exists(err)) throw err;
  }
}

/** Options of {@link applyEtcdAccess}. */
export interface ApplyEtcdAccessOptions {
  /** The password of etcd's root user (made when missing), who alone may change users and roles afterwards. */
  rootPassword: string;
  /**
   * Passwords of the accounts' users; a user without one has no password and can only log in
   * with a client certificate whose CN is its name (etcd --client-cert-auth).
   */
  passwords?: Readonly<Record<string, string>>;
}

/**
 * Creates the users and roles of `accounts` (and root), grants the permissions, and enables
 * authentication. Safe to run again (what exists is kept; grants are re-applied). Run with a
 * client that may do so: before auth is enabled any client, after it root.
 * Thrown by (rejects with): etcd3's errors (e.g. unreachable etcd, permission denied).
 */
export async function applyEtcdAccess(client: Etcd3, accounts: readonly EtcdAccount[], options: ApplyEtcdAccessOptions): Promise<void> {
  await ignoringExisting(() => client.auth.roleAdd({ name: 'root' }));
  await ignoringExisting(() => client.auth.userAdd({ name: 'root', password: options.rootPassword }));
  await client.auth.userGrantRole({ user: 'root', role: 'root' });
  for (const account of accounts) {
    await ignoringExisting(() => client.auth.roleAdd({ name: account.role }));
    const role = client.role(account.role);
    for (const grant of account.grants) {
      await role.grant(grant.prefix !== undefined ? { permission: grant.permission, range: Range.prefix(grant.prefix) } : { permission: grant.permission, key: grant.key ?? '' });
    }
    const password = options.passwords?.[account.user];
    await ignoringExisting(() =>
      client.auth.userAdd(password === undefined ? { name: account.user, options: { no_password: true } } : { name: account.user, password }),
    );
    await client.auth.userGrantRole({ user: account.user, role: account.role });
  }
  await client.auth.authEnable();
}
