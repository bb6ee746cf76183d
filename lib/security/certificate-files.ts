import type * as grpc from '@grpc/grpc-js';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { OrdermeshError } from '../errors/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import { StartupError } from '../runtime/index.js';
import { spiffeIdOf } from './spiffe.js';

type CertificateProvider = grpc.experimental.CertificateProvider;
type CaListener = grpc.experimental.CaCertificateUpdateListener;
type IdentityListener = grpc.experimental.IdentityCertificateUpdateListener;

/** Where a process's TLS material is: PEM files. */
export interface TlsFiles {
  /** This process's certificate (its chain, leaf first). */
  certFile: string;
  /** The certificate's private key. */
  keyFile: string;
  /** The CA certificate(s) peers' certificates must chain to. */
  caFile: string;
}

/** One consistent read of the three files. */
interface Material {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
  /** The certificate's SPIFFE ID, when it has one. */
  identity: string | undefined;
  notAfter: Date;
}

/** Thrown when the files do not make a usable key pair and trust bundle; the message names the file. */
export class TlsMaterialError extends OrdermeshError {
}

function read(files: TlsFiles): Material {
  const readOne = (what: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new TlsMaterialError(`cannot read the ${what} ${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  const cert = readOne('certificate', files.certFile);
  const key = readOne('private key', files.keyFile);
  const ca = readOne('CA certificate', files.caFile);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (err) {
    throw new TlsMaterialError(`${files.certFile} is not a PEM certificate: ${(err as Error).message}`, { cause: err });
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(key))) throw new Error('the key does not belong to the certificate');
  } catch (err) {
    throw new TlsMaterialError(`${files.keyFile} is not the private key of ${files.certFile}: ${(err as Error).message}`, { cause: err });
  }
  try {
    createSecureContext({ cert, key, ca });
  } catch (err) {
    throw new TlsMaterialError(`${files.caFile} is not a PEM CA certificate: ${(err as Error).message}`, { cause: err });
  }
  return { cert, key, ca, identity: spiffeIdOf({ subjectaltname: leaf.subjectAltName ?? '' }), notAfter: new Date(leaf.validTo) };
}

/** What identifies a file's version without reading it. */
function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Options of {@link CertificateFiles}. */
export interface CertificateFilesOptions {
  /** How often the files are checked for a change; default 5 000 ms. */
  refreshMs?: number;
  log?: Logger;
}

/**
 * A process's certificate, key and CA, read from files and re-read when they change (rotation
 * without restart), as a grpc-js CertificateProvider: server credentials made from it switch
 * their TLS context, client credentials use the new files for every new connection.
 *
 * Unlike grpc-js's FileWatcherCertificateProvider it only passes on a complete, consistent set:
 * a certificate written before its key (a rotation half done) is ignored until the key matches,
 * so a server never loses its credentials (grpc-js drops every connection while they are invalid).
 * Checking is a stat of the three files every `refreshMs`, on an unref'd timer, while anything
 * listens.
 */
export class CertificateFiles implements CertificateProvider {
  private material: Material;
  private stamps: string;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();
  private timer: NodeJS.Timeout | undefined;
  private readonly refreshMs: number;
  private readonly log: Logger;

  /** Thrown by: StartupError when the files cannot be read or do not match. */
  constructor(
    readonly files: TlsFiles,
    options: CertificateFilesOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 5_000;
    this.log = (options.log ?? silentLogger()).child({ component: 'tls' });
    this.stamps = this.currentStamps();
    try {
      this.material = read(files);
    } catch (err) {
      throw new StartupError(`TLS: ${(err as Error).message}`, { cause: err });
    }
  }

  /** The SPIFFE ID of the current certificate; undefined when it carries none. */
  get identity(): string | undefined {
    return this.material.identity;
  }

  /** When the current certificate expires. */
  get notAfter(): Date {
    return this.material.notAfter;
  }

  /** The current PEM material (for credentials made once, e.g. a health probe). */
  get pem(): { cert: Buffer; key: Buffer; ca: Buffer } {
    const { cert, key, ca } = this.material;
    return { cert, key, ca };
  }

  /** Checks the files now (the timer does this every `refreshMs`); true when new material was taken. */
  refresh(): boolean {
    const stamps = this.currentStamps();
    if (stamps === this.stamps) return false;
    let material: Material;
    try {
      material = read(this.files);
    } catch (err) {
      // Keep serving with what we have; a rotation in progress completes on a later check.
      this.log.warn({ err: (err as Error).message }, 'TLS files changed but are not usable yet; keeping the current certificate');
      return false;
    }
    this.stamps = stamps;
    this.material = material;
    this.log.info({ identity: material.identity, notAfter: material.notAfter.toISOString() }, 'TLS certificate reloaded');
    for (const l of this.caListeners) l({ caCertificate: material.ca });
    for (const l of this.identityListeners) l({ certificate: material.cert, privateKey: material.key });
    return true;
  }

  /** Stops checking the files (listeners keep the last material). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    this.watch();
    process.nextTick(() => listener({ caCertificate: this.material.ca }));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
    this.unwatchWhenUnused();
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    this.watch();
    process.nextTick(() => listener({ certificate: this.material.cert, privateKey: this.material.key }));
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
    this.unwatchWhenUnused();
  }

  private currentStamps(): string {
    return [this.files.certFile, this.files.keyFile, this.files.caFile].map(stamp).join('|');
  }

  private watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  private unwatchWhenUnused(): void {
    if (this.caListeners.size === 0 && this.identityListeners.size === 0) this.close();
  }
}
