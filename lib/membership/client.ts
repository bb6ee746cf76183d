import { Etcd3 } from 'etcd3';

/** Options of {@link createEtcdClient}. */
export interface EtcdClientOptions {
  /** etcd client URLs, e.g. `['http://127.0.0.1:2379']`. */
  endpoints: readonly string[];
  /** Deadline of every unary call that does not set its own; default 5 000 ms. */
  callTimeoutMs?: number;
  /** How long to wait for a connection; default 5 000 ms. */
  dialTimeoutMs?: number;
  /**
   * Mutual TLS to etcd (PEM): used when the endpoints are https:// URLs. etcd started with
   * --client-cert-auth takes the certificate's common name as the user (docs/deploy.md).
   */
  tls?: { ca: Buffer; cert: Buffer; key: Buffer } | undefined;
  /** A user and password to log in as (etcd auth); without one, a TLS client is the user its certificate's CN names. */
  auth?: { username: string; password: string } | undefined;
}

/**
 * Makes the one etcd client of a process, with the defaults membership relies on:
 * - every unary call gets a deadline, so nothing waits forever on a partitioned etcd (streams
 *   get none: watches and keepalives are meant to live long);
 * - gRPC keepalive pings every 10 s, so a dead connection is noticed even without traffic. etcd
 *   allows pings every 5 s (--grpc-keepalive-min-time), and only while a stream is open, so
 *   keepalive_permit_without_calls stays off or etcd would close the connection.
 * etcd3's own fault handling stays at its defaults: 3 retries, and a per-host circuit breaker
 * that opens for 5 s after 3 failures (recovery after an outage can take that long).
 * The caller owns the client and must close() it.
 */
export function createEtcdClient(options: EtcdClientOptions): Etcd3 {
  const callTimeoutMs = options.callTimeoutMs ?? 5_000;
  const secure = options.tls !== undefined && options.endpoints.every((e) => e.startsWith('https://'));
  return new Etcd3({
    hosts: [...options.endpoints],
    ...(options.auth ? { auth: options.auth } : {}),
    ...(secure && options.tls ? { credentials: { rootCertificate: options.tls.ca, certChain: options.tls.cert, privateKey: options.tls.key } } : {}),
    dialTimeout: options.dialTimeoutMs ?? 5_000,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    grpcOptions: {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
    },
  });
}
