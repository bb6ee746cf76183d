import { ConfigError } from '#lib/config/index.js';
import { StartupError } from '#lib/runtime/index.js';
import { SECURITY_FLAG_OPTIONS, securityFlags } from '#lib/security/security-config.js';
import { parseCommandLine, UsageError, type Command } from './commands.js';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

/**
 * Every subcommand of `ordermesh` (README.md lists them). A command without `run` would exit 2
 * as not built yet; every one has it now.
 * Exported for tests that check what deploy/docker-compose.yml runs.
 */
export const COMMANDS: Readonly<Record<string, Command>> = {
  dev: {
    summary: 'run the whole cluster on this machine, with ecom-sim placing orders (npm start)',
    options: {
      orders: str,
      concurrency: str,
      exit: bool,
      rate: str,
      'no-sim': bool,
      'lease-ttl': str,
      'nodes-per-region': str,
      tls: bool,
      jaeger: bool,
      postgres: str,
    },
    run: async (flags) => (await import('./dev/main.js')).devMain(flags),
  },
  'control-plane': {
    summary: 'run a control-plane replica: controller, gateway and admin API',
    options: { port: str, host: str, 'metrics-port': str, 'console-port': str, 'jaeger-ui-url': str, ...SECURITY_FLAG_OPTIONS },
    run: async (flags) =>
      (await import('#control-plane/src/main.js')).controlPlaneMain({
        port: flags.port as string | undefined,
        host: flags.host as string | undefined,
        metricsPort: flags['metrics-port'] as string | undefined,
        consolePort: flags['console-port'] as string | undefined,
        jaegerUiUrl: flags['jaeger-ui-url'] as string | undefined,
        ...securityFlags(flags),
      }),
  },
  warehouse: {
    summary: 'run a warehouse node',
    options: { 'node-id': str, region: str, port: str, host: str, 'lease-ttl': str, 'metrics-port': str, ...SECURITY_FLAG_OPTIONS },
    run: async (flags) =>
      (await import('#warehouse/src/main.js')).warehouseMain({
        nodeId: flags['node-id'] as string | undefined,
        region: flags.region as string | undefined,
        port: flags.port as string | undefined,
        host: flags.host as string | undefined,
        leaseTtlS: flags['lease-ttl'] as string | undefined,
        metricsPort: flags['metrics-port'] as string | undefined,
        ...securityFlags(flags),
      }),
  },
  'wms-sim': {
    summary: 'run the warehouse-management simulator',
    options: { port: str, host: str, 'metrics-port': str, ...SECURITY_FLAG_OPTIONS },
    run: async (flags) =>
      (await import('#wms-sim/src/main.js')).wmsSimMain({
        port: flags.port as string | undefined,
        host: flags.host as string | undefined,
        metricsPort: flags['metrics-port'] as string | undefined,
        ...securityFlags(flags),
      }),
  },
  'ecom-sim': {
    summary: 'place simulated shop orders through the gateway',
    options: {
      target: str,
      orders: str,
      concurrency: str,
      connections: str,
      rate: str,
      duration: str,
      'payment-delay-ms': str,
      'payment-failure-rate': str,
      csv: str,
      json: bool,
      seed: str,
      'settle-timeout-ms': str,
      ...SECURITY_FLAG_OPTIONS,
    },
    run: async (flags) => (await import('#ecom-sim/src/main.js')).ecomSimMain(flags),
  },
  status: {
    summary: 'show nodes, regions, ring share, epoch and load (--json, --watch)',
    options: { target: str, json: bool, watch: bool, ...SECURITY_FLAG_OPTIONS },
    run: async (flags) => (await import('./status.js')).statusMain(flags),
  },
  migrate: {
    summary: 'apply database migrations to DATABASE_URL (or the embedded Postgres)',
    options: {},
    run: async () => (await import('./migrate.js')).migrateMain(),
  },
  check: {
    summary: 'audit the books from Postgres (stock, payments, shipments, outbox, money); exit 1 naming each violation (--json)',
    options: { json: bool },
    run: async (flags) => (await import('./check.js')).checkMain({ json: flags.json === true }),
  },
  'etcd-auth': {
    summary: 'least privilege in etcd: a user per node and one for the control plane, each writing only its own keys; then auth on',
    options: { nodes: str, 'health-user': str, ...SECURITY_FLAG_OPTIONS },
    run: async (flags) => (await import('./etcd-auth.js')).etcdAuthMain(flags),
  },
  certs: {
    summary: 'certs init DIR: a development CA and one key pair per service (--nodes hcm-1,hn-1,dn-1 --dns NAME,...)',
    options: { nodes: str, dns: str },
    positionals: true,
    run: async (flags, positionals) => (await import('./certs.js')).certsMain(flags, positionals),
  },
  health: {
    summary: 'exit 0 when a server answers grpc.health.v1 SERVING (container health checks)',
    options: { target: str, service: str, 'timeout-ms': str, ...SECURITY_FLAG_OPTIONS },
    run: async (flags) => (await import('./health.js')).healthMain(flags),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}${c.run ? '' : ' (not available yet)'}`);
  return `usage: ordermesh <command> [flags]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Entry point of the `ordermesh` executable. */
export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    process.exitCode = name ? 0 : 2;
    return;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ordermesh: unknown command '${name}'\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  if (!command.run) {
    process.stderr.write(`ordermesh ${name}: not available yet\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const { flags, positionals } = parseCommandLine(command, rest);
    await command.run(flags, positionals);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`ordermesh ${name}: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof StartupError) {
      process.stderr.write(`ordermesh ${name}: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
