import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP proxy in front of a server; see {@link cuttableProxy}. */
export interface CuttableProxy {
  /** The proxy's URL, e.g. `http://127.0.0.1:41234`, to give a client instead of the target's. */
  readonly endpoint: string;
  /** Drops every connection and refuses new ones. Idempotent. */
  cut(): void;
}

/**
 * Starts a TCP proxy on 127.0.0.1 to `target` (a URL such as an etcd endpoint). cut() does to a
 * client's sockets what a crash (kill -9) or a partition does: they close with no goodbye, so
 * the server sees its streams end and the client can no longer reach it. For tests that need
 * one client cut off while the server and other clients carry on; closing a client is not the
 * same, since grpc-js lets streams already open (a lease's keepalive) run on.
 */
export async function cuttableProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((downstream) => {
    const upstream = connect(Number(port), hostname);
    for (const [socket, other] of [
      [downstream, upstream],
      [upstream, downstream],
    ] as const) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        other.destroy();
      });
    }
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    cut: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}
