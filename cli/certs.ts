import { resolve } from 'node:path';
import { commaList } from '#lib/config/index.js';
import { NODE_ID_PATTERN } from '#lib/membership/index.js';
import { initDevCertificates, operatorClientFlags } from '#lib/security/dev-certificates.js';
import { UsageError } from './commands.js';

const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;

/** A comma-separated flag as a list; undefined when absent. @throws UsageError naming a bad entry. */
function list(flag: string, value: string | boolean | undefined, pattern: RegExp): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const items = commaList(value);
  const bad = items.find((v) => !pattern.test(v));
  if (bad !== undefined) throw new UsageError(`--${flag}: '${bad}' is not valid`);
  return items;
}

/**
 * `ordermesh certs init DIR [--nodes hcm-1,hn-1,dn-1] [--dns NAME,...]`: a development CA (kept
 * when DIR has one) and a fresh key pair per service, each certificate naming its SPIFFE ID
 * (docs/security.md). Run again to rotate every leaf under the same CA.
 * Thrown by: UsageError for a missing DIR or a bad flag (the CLI exits 2).
 */
export async function certsMain(flags: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void> {
  const [action, dir, ...extra] = positionals;
  if (action !== 'init' || dir === undefined || extra.length > 0) throw new UsageError('usage: ordermesh certs init DIR [--nodes hcm-1,hn-1,dn-1] [--dns NAME,...]');
  const nodes = list('nodes', flags.nodes, NODE_ID_PATTERN);
  const dnsNames = list('dns', flags.dns, DNS_NAME);
  const result = await initDevCertificates(resolve(dir), { ...(nodes ? { nodes } : {}), ...(dnsNames ? { dnsNames } : {}) });
  const lines = [
    `${result.reusedCa ? 'kept the CA' : 'made a new CA'} in ${result.dir} (ca.pem; its key ca-key.pem stays private)`,
    ...result.leaves.map((l) => `  ${l.identity.padEnd(48)} ${l.cert}`),
    '',
    `grpcurl as the operator: grpcurl ${operatorClientFlags(result.dir).grpcurl.join(' ')} 127.0.0.1:50051 list`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
