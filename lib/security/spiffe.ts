import type { PeerCertificate } from 'node:tls';

/** The SPIFFE trust domain of every ordermesh identity. */
export const TRUST_DOMAIN = 'ordermesh';

/** What a certificate identifies: a service of the mesh, a person/tool operating it, or etcd (its server certificate in compose). */
export type IdentityKind = 'control-plane' | 'node' | 'wms-sim' | 'ecom-sim' | 'operator' | 'etcd';

const PREFIX = `spiffe://${TRUST_DOMAIN}/`;
/** A name inside a SPIFFE path segment: what node ids and service names are made of. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * The SPIFFE ID of a service, as its certificate carries it in a URI SAN:
 * `spiffe://ordermesh/<kind>/<name>`, e.g. `spiffe://ordermesh/node/hcm-1`.
 * Thrown by: Error when `name` is not 1 to 63 of a-z, 0-9, ., _ and - (starting with a letter or digit).
 */
export function spiffeId(kind: IdentityKind, name: string): string {
  if (!NAME.test(name)) throw new Error(`'${name}' cannot name a ${kind} identity: use 1 to 63 of a-z, 0-9, ., _ and -`);
  return `${PREFIX}${kind}/${name}`;
}

/** True when `id` is an identity of the ordermesh trust domain. */
export function isMeshIdentity(id: string): boolean {
  return id.startsWith(PREFIX);
}

/**
 * The ordermesh SPIFFE ID in a certificate's subject alternative names, or undefined when it
 * carries none. Node gives the SANs as one string: `DNS:localhost, URI:spiffe://ordermesh/node/hcm-1`.
 */
export function spiffeIdOf(certificate: Pick<PeerCertificate, 'subjectaltname'> | undefined): string | undefined {
  const sans = certificate?.subjectaltname;
  if (!sans) return undefined;
  for (const entry of sans.split(', ')) {
    if (entry.startsWith('URI:') && entry.startsWith(PREFIX, 4)) return entry.slice(4);
  }
  return undefined;
}
