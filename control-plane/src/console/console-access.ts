/**
 * Who may use the web console when the mesh runs mutual TLS: the console is served over HTTPS
 * with the control plane's certificate, asks every browser or tool for a client certificate of
 * the mesh CA (or takes an `authorization: Bearer <JWT>` header, as the gRPC services do), and
 * checks each request with the same Authorizer and role table as the RPC it stands for: the page,
 * its snapshot and its event stream are ControlPlaneService ListNodes, an order lookup is
 * OrderService GetOrder, the drain button is ControlPlaneService DrainNode. So the console grants
 * nobody more than grpcurl with the same certificate would get.
 */
import * as grpc from '@grpc/grpc-js';
import type { IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { SecureContextOptions, TLSSocket } from 'node:tls';
import type { Authorizer } from '#lib/security/index.js';

/** What the console needs of the mesh's security (lib/security's MeshSecurity gives both). */
export interface ConsoleSecurity {
  authorizer: Authorizer;
  /** The control plane's current certificate, key and the mesh CA, PEM. */
  pem(): { cert: Buffer; key: Buffer; ca: Buffer } | undefined;
}

const SERVICE = 'ordermesh.v1';

/** The RPC a console request stands for, whose roles it needs. */
export function consoleMethodOf(method: string, path: string): string {
  if (method === 'POST' && /^\/api\/nodes\/[^/]+\/drain$/.test(path)) return `/${SERVICE}.ControlPlaneService/DrainNode`;
  if (path.startsWith('/api/orders/')) return `/${SERVICE}.OrderService/GetOrder`;
  return `/${SERVICE}.ControlPlaneService/ListNodes`;
}

/**
 * TLS options of the console's HTTPS server. Client certificates are asked for but not required
 * by the handshake (`rejectUnauthorized: false`), so that a browser without one gets a page that
 * says what to present rather than a bare TLS error; a certificate the CA did not issue
 * identifies nobody (see {@link authorizeConsoleRequest}).
 * Thrown by: Error when the process has no certificate (plaintext).
 */
export function consoleTlsOptions(security: ConsoleSecurity): SecureContextOptions & { requestCert: true; rejectUnauthorized: false } {
  const pem = security.pem();
  if (!pem) throw new Error('the console can serve HTTPS only with the mesh certificate (ORDERMESH_TLS_CERT/KEY/CA)');
  return { cert: pem.cert, key: pem.key, ca: pem.ca, requestCert: true, rejectUnauthorized: false };
}

/**
 * Serves a rotated certificate without a restart: every `intervalMs` compares the security's
 * current material with what `server` serves, and switches its TLS context when it changed (new
 * connections get the new certificate; open ones keep theirs). lib/security's CertificateFiles
 * passes on only a complete, matching set, so a rotation half written is never served. Returns
 * the function that stops watching.
 */
export function followCertificateRotation(server: HttpsServer, security: ConsoleSecurity, intervalMs: number): () => void {
  let served = security.pem();
  const timer = setInterval(() => {
    const current = security.pem();
    if (!current || (served && current.cert === served.cert && current.key === served.key && current.ca === served.ca)) return;
    served = current;
    server.setSecureContext({ cert: current.cert, key: current.key, ca: current.ca });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Returns (or resolves) when `req` may do what it asks.
 * Thrown by (or rejects with): UnauthenticatedError when it proves no identity (no verified client
 * certificate, no valid bearer token); PermissionDeniedError when its roles may not call the RPC
 * the request stands for ({@link consoleMethodOf}).
 */
export function authorizeConsoleRequest(security: ConsoleSecurity, req: IncomingMessage, path: string): void | Promise<void> {
  const metadata = new grpc.Metadata();
  const authorization = req.headers.authorization;
  if (authorization !== undefined) metadata.set('authorization', authorization);
  const socket = req.socket as TLSSocket;
  const call = {
    metadata,
    // Only a certificate the handshake verified against the mesh CA names anyone.
    getAuthContext: () => (socket.authorized ? { transportSecurityType: 'ssl', sslPeerCertificate: socket.getPeerCertificate() } : { transportSecurityType: 'ssl' }),
  };
  return security.authorizer.authorize(call, consoleMethodOf(req.method ?? 'GET', path));
}
