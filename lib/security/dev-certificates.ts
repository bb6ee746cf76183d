// @peculiar/x509 resolves its parts with tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spiffeId, type IdentityKind } from './spiffe.js';

type CryptoKey = webcrypto.CryptoKey;

// @peculiar/x509 builds the ASN.1; Node's WebCrypto makes the keys and signatures.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

/** What one leaf certificate is for. */
export interface LeafRequest {
  kind: IdentityKind;
  name: string;
  /** DNS names besides localhost (e.g. compose service names), for callers that check host names (grpcurl). */
  dnsNames?: readonly string[];
  /** Default: an hour ago (clock skew). */
  notBefore?: Date;
  /** Default: `validDays` after now. */
  notAfter?: Date;
  validDays?: number;
}

/** An issued leaf: its SPIFFE ID with its certificate and key. */
export interface IssuedLeaf extends KeyPairPem {
  identity: string;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  // Positive (high bit clear), 16 random bytes: unique without bookkeeping.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/**
 * A development certificate authority (ECDSA P-256): a self-signed CA certificate that issues
 * one leaf certificate per service, each with its SPIFFE ID as a URI SAN, usable as a TLS
 * server and client certificate. For development and tests; production brings its own PKI
 * (docs/security.md).
 */
export class CertificateAuthority {
  private constructor(
    private readonly certificate: x509.X509Certificate,
    private readonly privateKey: CryptoKey,
    /** The CA's own certificate and key, PEM. */
    readonly pem: KeyPairPem,
  ) {}

  /** Makes a new CA named `commonName`, valid for `validDays` (default 10 years). */
  static async create(commonName = 'ordermesh development CA', validDays = 3650): Promise<CertificateAuthority> {
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=${commonName}, O=ordermesh`,
      notBefore: new Date(Date.now() - 3600_000),
      notAfter: new Date(Date.now() + validDays * DAY_MS),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new CertificateAuthority(certificate, keys.privateKey, { certPem: certificate.toString('pem'), keyPem: await exportKey(keys.privateKey) });
  }

  /**
   * Loads a CA from its PEM certificate and PKCS#8 key.
   * Thrown by: Error when they do not parse.
   */
  static async load(pem: KeyPairPem): Promise<CertificateAuthority> {
    const certificate = new x509.X509Certificate(pem.certPem);
    const privateKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem.keyPem), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    return new CertificateAuthority(certificate, privateKey, pem);
  }

  /** Issues a leaf certificate for `request.kind`/`request.name` (a fresh key pair). */
  async issue(request: LeafRequest): Promise<IssuedLeaf> {
    const identity = spiffeId(request.kind, request.name);
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const names: x509.JsonGeneralName[] = [
      { type: 'url', value: identity },
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ];
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${request.name}, OU=${request.kind}, O=ordermesh`,
      issuer: this.certificate.subject,
      notBefore: request.notBefore ?? new Date(Date.now() - 3600_000),
      notAfter: request.notAfter ?? new Date(Date.now() + (request.validDays ?? 365) * DAY_MS),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: this.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension(names),
        await x509.AuthorityKeyIdentifierExtension.create(this.certificate),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return { identity, certPem: certificate.toString('pem'), keyPem: await exportKey(keys.privateKey) };
  }
}

/** The file names of a service's certificate and key in a certificate folder. */
export function certificateFileNames(kind: IdentityKind, name: string): { cert: string; key: string } {
  const base = kind === 'node' ? `node-${name}` : kind;
  return { cert: `${base}.pem`, key: `${base}-key.pem` };
}

/** The CA certificate's file name in a certificate folder (ca-key.pem beside it is the CA's key). */
export const CA_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';

/** The services `ordermesh certs init` makes a key pair for besides the nodes, with their identity names. */
export const SINGLE_SERVICES: ReadonlyArray<{ kind: IdentityKind; name: string }> = [
  { kind: 'control-plane', name: 'control-plane' },
  { kind: 'wms-sim', name: 'wms-sim' },
  { kind: 'ecom-sim', name: 'ecom-sim' },
  { kind: 'operator', name: 'admin' },
  // etcd's server certificate, for a deployment that runs etcd over TLS (deploy/docker-compose.yml).
  { kind: 'etcd', name: 'etcd' },
];

/**
 * The flags that make grpcurl and the `ordermesh` clients (status, health) call as the operator
 * with the certificates of `dir`: what `ordermesh dev --tls` and `ordermesh certs init` print.
 */
export function operatorClientFlags(dir: string): { grpcurl: string[]; ordermesh: string[] } {
  const files = certificateFileNames('operator', 'admin');
  const ca = join(dir, CA_FILE);
  const cert = join(dir, files.cert);
  const key = join(dir, files.key);
  return { grpcurl: ['-cacert', ca, '-cert', cert, '-key', key], ordermesh: ['--tls-ca', ca, '--tls-cert', cert, '--tls-key', key] };
}

/** Options of {@link initDevCertificates}. */
export interface InitCertificatesOptions {
  /** Node ids to make a key pair for (default hcm-1, hn-1, dn-1). */
  nodes?: readonly string[];
  /** Extra DNS names in every leaf (compose service names). */
  dnsNames?: readonly string[];
}

/** What {@link initDevCertificates} wrote. */
export interface InitCertificatesResult {
  dir: string;
  /** True when the folder already had a CA, which was kept (leaves re-issued: a rotation). */
  reusedCa: boolean;
  leaves: Array<{ identity: string; cert: string; key: string }>;
}

/** Writes `text` to `path` through a temporary file and a rename: readers never see half a file. */
async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode);
  await rename(temporary, path);
}

/**
 * `ordermesh certs init DIR`: a development CA (kept when DIR has one already) and a fresh key
 * pair per service: control-plane, each node, wms-sim, ecom-sim and an operator (for people:
 * grpcurl, `ordermesh status`). Running it again re-issues every leaf under the same CA, which is
 * how a dev cluster's certificates are rotated (the processes pick the new files up).
 * Keys are written 0600 (the CA's included), certificates 0644, each through a rename so a
 * process watching them never reads half a file.
 */
export async function initDevCertificates(dir: string, options: InitCertificatesOptions = {}): Promise<InitCertificatesResult> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const caCert = join(dir, CA_FILE);
  const caKey = join(dir, CA_KEY_FILE);
  const reusedCa = existsSync(caCert) && existsSync(caKey);
  const ca = reusedCa ? await CertificateAuthority.load({ certPem: await readFile(caCert, 'utf8'), keyPem: await readFile(caKey, 'utf8') }) : await CertificateAuthority.create();
  if (!reusedCa) {
    await writeAtomically(caKey, ca.pem.keyPem, 0o600);
    await writeAtomically(caCert, ca.pem.certPem, 0o644);
  }
  const requests = [...SINGLE_SERVICES, ...(options.nodes ?? ['hcm-1', 'hn-1', 'dn-1']).map((name) => ({ kind: 'node' as const, name }))];
  const leaves: InitCertificatesResult['leaves'] = [];
  for (const { kind, name } of requests) {
    const issued = await ca.issue({ kind, name, dnsNames: [...(kind === 'node' ? [`node-${name}`] : [kind]), ...(options.dnsNames ?? [])] });
    const files = certificateFileNames(kind, name);
    // Key first: a reader that sees the new certificate finds its key already there.
    await writeAtomically(join(dir, files.key), issued.keyPem, 0o600);
    await writeAtomically(join(dir, files.cert), issued.certPem, 0o644);
    leaves.push({ identity: issued.identity, cert: join(dir, files.cert), key: join(dir, files.key) });
  }
  return { dir, reusedCa, leaves };
}
