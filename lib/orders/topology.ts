import { z } from 'zod';

/** Regions and the order in which each one's orders fail over to the others. */
export interface Topology {
  /** Region codes in a stable order, e.g. ['HCM', 'HN', 'DN']. */
  readonly regions: readonly string[];
  /** For each region, the regions that take its orders, in order, when it has no live node. */
  readonly failover: Readonly<Record<string, readonly string[]>>;
}

/** The default topology of ARCHITECTURE.md: HCM → DN, HN; HN → DN, HCM; DN → HCM, HN. */
export const DEFAULT_TOPOLOGY: Topology = {
  regions: ['HCM', 'HN', 'DN'],
  failover: { HCM: ['DN', 'HN'], HN: ['DN', 'HCM'], DN: ['HCM', 'HN'] },
};

const REGION = /^[A-Z]{2,8}$/;

/** zod schema of a topology, as stored in etcd (topology key) or given in configuration. */
export const topologySchema = z
  .object({
    regions: z.array(z.string().regex(REGION, 'region codes are 2 to 8 upper-case letters')).min(1),
    failover: z.record(z.string(), z.array(z.string())),
  })
  .superRefine((t, ctx) => {
    const known = new Set(t.regions);
    if (known.size !== t.regions.length) ctx.addIssue({ code: 'custom', message: 'regions must be distinct', path: ['regions'] });
    for (const [region, order] of Object.entries(t.failover)) {
      if (!known.has(region)) ctx.addIssue({ code: 'custom', message: `unknown region ${region}`, path: ['failover', region] });
      for (const next of order) {
        if (!known.has(next) || next === region) {
          ctx.addIssue({ code: 'custom', message: `${region} cannot fail over to ${next}`, path: ['failover', region] });
        }
      }
    }
  });

/**
 * Parses the compact form used in configuration: `HCM:DN,HN;HN:DN,HCM;DN:HCM,HN` (each region,
 * then its failover order). Regions without a failover list get the others in listed order.
 * @throws Error naming the problem when the text is not a valid topology.
 */
export function parseTopology(text: string): Topology {
  const entries = text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [region = '', rest = ''] = part.split(':');
      return { region: region.trim(), order: rest.split(',').map((r) => r.trim()).filter(Boolean) };
    });
  const regions = entries.map((e) => e.region);
  const failover: Record<string, string[]> = {};
  for (const e of entries) failover[e.region] = e.order.length ? e.order : regions.filter((r) => r !== e.region);
  const parsed = topologySchema.safeParse({ regions, failover });
  if (!parsed.success) throw new Error(`invalid topology '${text}': ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** The regions whose warehouses serve `region`'s orders, in preference order: itself first. */
export function preferenceOrder(topology: Topology, region: string): string[] {
  return [region, ...(topology.failover[region] ?? topology.regions.filter((r) => r !== region))];
}
