import { z } from 'zod';
import { commaList, etcdEndpointsSchema, logLevelSchema, parseConfig } from '#lib/config/index.js';
import { createRootLogger } from '#lib/logging/index.js';
import { applyEtcdAccess, createEtcdClient, etcdAccounts, NODE_ID_PATTERN } from '#lib/membership/index.js';
import { loadSecurityConfig, openMeshSecurity, securityFlags } from '#lib/security/index.js';
import { UsageError } from './commands.js';

const NAMES: Record<string, string> = {
  etcdEndpoints: 'ORDERMESH_ETCD_ENDPOINTS',
  etcdPrefix: 'ORDERMESH_ETCD_PREFIX',
  rootPassword: 'ORDERMESH_ETCD_ROOT_PASSWORD',
  nodes: '--nodes',
  healthUser: '--health-user',
  logLevel: 'ORDERMESH_LOG_LEVEL',
};

/**
 * `ordermesh etcd-auth --nodes hcm-1,hn-1,dn-1 [--health-user etcd]`: least privilege in etcd
 * (docs/deploy.md): a user per node and one for the control plane, each named as the CN of its
 * certificate and allowed only its own keys, then authentication on. Idempotent: run again, it
 * logs in as root (ORDERMESH_ETCD_ROOT_PASSWORD) and re-applies the grants.
 * Thrown by: ConfigError for bad flags or variables; etcd3's errors when etcd refuses.
 */
export async function etcdAuthMain(flags: Record<string, string | boolean | undefined>): Promise<void> {
  const env = process.env;
  const schema = z.object({
    etcdEndpoints: etcdEndpointsSchema({ required: true }),
    etcdPrefix: z.string().regex(/^\/.*\/$/, 'must start and end with /'),
    rootPassword: z.string().min(8, 'must be at least 8 characters'),
    nodes: z
      .string()
      .transform(commaList)
      .pipe(z.array(z.string().regex(NODE_ID_PATTERN, 'node ids are a-z, 0-9 and -')).min(1, 'name the nodes, e.g. --nodes hcm-1,hn-1,dn-1')),
    healthUser: z.string().min(1).optional(),
    logLevel: logLevelSchema,
  });
  if (typeof flags.nodes !== 'string') throw new UsageError('usage: ordermesh etcd-auth --nodes hcm-1,hn-1,dn-1 [--health-user NAME]');
  const config = parseConfig(
    'etcd-auth',
    schema,
    {
      etcdEndpoints: env.ORDERMESH_ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379',
      etcdPrefix: env.ORDERMESH_ETCD_PREFIX ?? '/ordermesh/v1/',
      rootPassword: env.ORDERMESH_ETCD_ROOT_PASSWORD,
      nodes: flags.nodes,
      healthUser: typeof flags['health-user'] === 'string' ? flags['health-user'] : undefined,
      logLevel: env.ORDERMESH_LOG_LEVEL ?? 'info',
    },
    NAMES,
  );
  const log = createRootLogger({ service: 'etcd-auth', level: config.logLevel });
  const security = openMeshSecurity(loadSecurityConfig('etcd-auth', securityFlags(flags), env), { log, serves: false });
  const accounts = etcdAccounts(config.etcdPrefix, { nodeIds: config.nodes, healthUser: config.healthUser });
  // Before auth is on, any client may set it up; once on (a second run) only root may.
  const first = createEtcdClient({ endpoints: config.etcdEndpoints, tls: security.pem() });
  try {
    await applyEtcdAccess(first, accounts, { rootPassword: config.rootPassword });
  } catch (err) {
    // Auth is on already: the certificate's CN is no user (or may not change users), so log in as root.
    if (!/user name|permission denied|auth/i.test(String((err as Error).message))) throw err;
    log.info('authentication is on already; applying as root');
    const root = createEtcdClient({ endpoints: config.etcdEndpoints, tls: security.pem(), auth: { username: 'root', password: config.rootPassword } });
    try {
      await applyEtcdAccess(root, accounts, { rootPassword: config.rootPassword });
    } finally {
      root.close();
    }
  } finally {
    first.close();
    security.close();
  }
  log.info({ users: accounts.map((a) => a.user) }, 'etcd authentication on; each user may write only its own keys');
}
