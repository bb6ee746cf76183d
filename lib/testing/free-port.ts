import { createServer, type AddressInfo, type Server } from 'node:net';

/**
 * Returns a TCP port on 127.0.0.1 that was free a moment ago: it listens on port 0, reads the
 * port the kernel chose and closes. Another process can take it before the caller binds it, so
 * servers started on it retry on "address in use" (startEtcd and startPostgres do).
 */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('freePorts(1) returned no port');
  return port;
}

/**
 * Returns `count` distinct free ports. They are held open together before any is closed, so the
 * kernel cannot hand out the same port twice (calling {@link freePort} twice could).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))),
    );
  }
}
