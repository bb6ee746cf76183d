import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { StartupError } from '../runtime/index.js';
import { ROLES, type Role } from './roles.js';

/**
 * What a policy file holds (JSON): which identities hold which roles, and which identities may
 * forward another caller's identity (the gateway). An identity is a SPIFFE ID from a client
 * certificate (`spiffe://ordermesh/ecom-sim/shop-1`) or `jwt:<sub>` for a bearer-token caller;
 * a pattern ending in `*` matches every identity that starts with what precedes it.
 */
export interface PolicyDocument {
  identities: Record<string, Role[]>;
  forwarders: string[];
}

/**
 * The policy used when TLS is on and no policy file is given: each kind of service gets what it
 * calls, a person with an operator certificate may run the cluster and act as the shop and the
 * payment provider (to try the API), and only the control plane forwards callers.
 */
export const DEFAULT_POLICY: Readonly<PolicyDocument> = {
  identities: {
    'spiffe://ordermesh/control-plane/*': ['mesh'],
    'spiffe://ordermesh/node/*': ['mesh'],
    'spiffe://ordermesh/wms-sim/*': ['fulfilment'],
    'spiffe://ordermesh/ecom-sim/*': ['shop', 'payments'],
    'spiffe://ordermesh/operator/*': ['operator', 'shop', 'payments'],
  },
  forwarders: ['spiffe://ordermesh/control-plane/*'],
};

const policySchema = z
  .object({
    identities: z.record(z.string().min(1, 'an identity must not be empty'), z.array(z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }))),
    forwarders: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** A compiled identity pattern: exact, or a prefix (from a trailing `*`). */
interface Pattern<T> {
  prefix: string;
  value: T;
}

/**
 * A policy file, compiled: {@link rolesOf} answers from a small cache, so checking a call costs a
 * map lookup once an identity has been seen.
 */
export class AccessPolicy {
  private readonly exact = new Map<string, ReadonlySet<Role>>();
  private readonly prefixes: Array<Pattern<ReadonlySet<Role>>> = [];
  private readonly forwarderExact = new Set<string>();
  private readonly forwarderPrefixes: string[] = [];
  private readonly cache = new Map<string, ReadonlySet<Role>>();

  constructor(readonly document: Readonly<PolicyDocument>) {
    for (const [pattern, roles] of Object.entries(document.identities)) {
      const set: ReadonlySet<Role> = new Set(roles);
      if (pattern.endsWith('*')) this.prefixes.push({ prefix: pattern.slice(0, -1), value: set });
      else this.exact.set(pattern, set);
    }
    // The most specific pattern wins.
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    for (const pattern of document.forwarders) {
      if (pattern.endsWith('*')) this.forwarderPrefixes.push(pattern.slice(0, -1));
      else this.forwarderExact.add(pattern);
    }
  }

  /** The roles `identity` holds: an exact entry, else the longest matching pattern; none: empty. */
  rolesOf(identity: string): ReadonlySet<Role> {
    const cached = this.cache.get(identity);
    if (cached) return cached;
    const roles = this.exact.get(identity) ?? this.prefixes.find((p) => identity.startsWith(p.prefix))?.value ?? new Set<Role>();
    // Identities are few (services and token subjects); the bound keeps a token flood from growing it.
    if (this.cache.size < 10_000) this.cache.set(identity, roles);
    return roles;
  }

  /** True when `identity` may name the caller it acts for (the gateway forwarding a call). */
  isForwarder(identity: string): boolean {
    return this.forwarderExact.has(identity) || this.forwarderPrefixes.some((p) => identity.startsWith(p));
  }
}

/**
 * Reads and validates a policy file.
 * Thrown by: StartupError naming the file and every problem in it.
 */
export function loadPolicyFile(path: string): AccessPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new StartupError(`cannot read the policy file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return new AccessPolicy(parsePolicy(raw, path));
}

/**
 * Validates a policy document.
 * Thrown by: StartupError listing every problem, each with its place in the file.
 */
export function parsePolicy(raw: unknown, source: string): PolicyDocument {
  const result = policySchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new StartupError(`the policy file ${source} is invalid: ${problems.join('; ')}`);
  }
  return result.data;
}
