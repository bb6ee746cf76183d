import * as grpc from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import type { CertificateFiles } from './certificate-files.js';
import { spiffeIdOf } from './spiffe.js';

/**
 * Server credentials from `certificates`: TLS with this process's certificate, reloaded when its
 * files change, asking every client for a certificate of the mesh CA. A client without one still
 * connects (a caller outside the mesh may present a bearer token instead); the authorizer then
 * refuses every call it cannot attribute to an identity, UNAUTHENTICATED.
 */
export function serverCredentials(certificates: CertificateFiles): grpc.ServerCredentials {
  // The same provider serves the CA and the identity (grpc-js takes them as two arguments).
  return grpc.experimental.createCertificateProviderServerCredentials(certificates, certificates, false);
}

/**
 * A server certificate is accepted when it chains to the mesh CA (Node checks that) and names an
 * ordermesh SPIFFE ID. Host names are not checked: services find each other at addresses etcd
 * and compose give them (container names, IPs), and SPIFFE authenticates the workload instead.
 */
function checkMeshServer(_host: string, certificate: PeerCertificate): Error | undefined {
  return spiffeIdOf(certificate) ? undefined : new Error('the server certificate carries no spiffe://ordermesh/ identity');
}

/** The TLS server name (SNI) mesh clients send: servers do not use it, and the host is often an IP, which SNI must not carry. */
const MESH_SERVER_NAME = 'ordermesh';

/**
 * grpc-js sends the target's host as the TLS server name even when it is an IP address, which
 * makes Node print a deprecation warning (DEP0123) on every connection. Mesh clients check the
 * SPIFFE ID, not the name, so they send a fixed name instead, through grpc-js's own option.
 */
class FixedServerNameCredentials extends grpc.ChannelCredentials {
  constructor(private readonly inner: grpc.ChannelCredentials) {
    super();
  }

  _isSecure(): boolean {
    return true;
  }

  _equals(other: grpc.ChannelCredentials): boolean {
    return other instanceof FixedServerNameCredentials && this.inner._equals(other.inner);
  }

  _createSecureConnector(target: grpc.experimental.GrpcUri, options: grpc.ChannelOptions, callCredentials?: grpc.CallCredentials): grpc.experimental.SecureConnector {
    return this.inner._createSecureConnector(target, { ...options, 'grpc.ssl_target_name_override': MESH_SERVER_NAME }, callCredentials);
  }
}

/**
 * Client credentials from `certificates`: mutual TLS, presenting this process's certificate
 * (reloaded when its files change) and accepting servers whose certificate chains to the mesh
 * CA and carries an ordermesh SPIFFE ID.
 */
export function meshChannelCredentials(certificates: CertificateFiles): grpc.ChannelCredentials {
  return new FixedServerNameCredentials(
    grpc.experimental.createCertificateProviderChannelCredentials(certificates, certificates, { checkServerIdentity: checkMeshServer }),
  );
}
