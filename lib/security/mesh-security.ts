import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logging/index.js';
import { Authorizer } from './authorizer.js';
import { CertificateFiles } from './certificate-files.js';
import { meshChannelCredentials, serverCredentials } from './credentials.js';
import { JwtVerifier } from './jwt-verifier.js';
import { AccessPolicy, DEFAULT_POLICY, loadPolicyFile } from './policy.js';
import type { SecurityConfig } from './security-config.js';

/** What a server needs to serve TLS and check who may call what (lib/grpc's GrpcServer takes it). */
export interface ServerSecurity {
  credentials: grpc.ServerCredentials;
  authorizer: Authorizer;
}

/** A process's security, opened from its {@link SecurityConfig}. */
export interface MeshSecurity {
  /** For a GrpcServer; undefined in plaintext (every caller may call everything). */
  readonly server: ServerSecurity | undefined;
  /** For every client this process opens inside the mesh. */
  readonly channel: grpc.ChannelCredentials;
  /** This process's SPIFFE ID; undefined in plaintext. */
  readonly identity: string | undefined;
  /**
   * The current certificate, key and CA (PEM), for clients that take them once (the etcd client);
   * undefined in plaintext.
   */
  pem(): { cert: Buffer; key: Buffer; ca: Buffer } | undefined;
  /** Stops watching the certificate files. */
  close(): void;
}

/**
 * Opens a process's security: in plaintext (no TLS files) insecure credentials and no checks,
 * and, for a process that serves (`serves`), a loud warning in the log that anyone who can reach
 * its port may call every RPC; with TLS the certificate files (watched for rotation), mutual TLS
 * credentials, the policy (the file, or DEFAULT_POLICY) and the JWT verifier when configured.
 * Thrown by: StartupError when a file cannot be read or is invalid.
 */
export function openMeshSecurity(config: SecurityConfig, options: { log: Logger; serves: boolean }): MeshSecurity {
  const { log } = options;
  if (!config.tls) {
    if (options.serves) {
      log.warn(
        { tls: false, authorization: false },
        'PLAINTEXT: no TLS and no authorization; anyone who can reach this port may call every RPC. For the local dev cluster only; set ORDERMESH_TLS_CERT/KEY/CA (docs/security.md)',
      );
    }
    return { server: undefined, channel: grpc.credentials.createInsecure(), identity: undefined, pem: () => undefined, close: () => undefined };
  }
  const certificates = new CertificateFiles(config.tls, { refreshMs: config.tlsRefreshMs, log });
  const policy = config.policyFile ? loadPolicyFile(config.policyFile) : new AccessPolicy(DEFAULT_POLICY);
  const jwt = config.jwt ? new JwtVerifier(config.jwt) : undefined;
  if (options.serves) {
    log.info(
      { identity: certificates.identity, notAfter: certificates.notAfter.toISOString(), policy: config.policyFile ?? 'built-in default', bearerTokens: jwt !== undefined },
      'mutual TLS on; every call is authorized',
    );
  }
  return {
    server: { credentials: serverCredentials(certificates), authorizer: new Authorizer({ policy, jwt }) },
    channel: meshChannelCredentials(certificates),
    identity: certificates.identity,
    pem: () => certificates.pem,
    close: () => certificates.close(),
  };
}
