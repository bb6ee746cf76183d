import * as grpc from '@grpc/grpc-js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '#lib/errors/index.js';
import { toStatus } from '#lib/grpc/index.js';
import { silentLogger, type Logger } from '#lib/logging/index.js';
import { authorizeConsoleRequest, consoleTlsOptions, followCertificateRotation, type ConsoleSecurity } from './console-access.js';
import type { ConsoleSnapshot } from './console-snapshot.js';
import type { OrderView } from './order-view.js';
import { loadStaticFiles, type StaticFile } from './static-files.js';

/** What the console's HTTP API does, wired by the control plane. */
export interface ConsoleActions {
  /** The latest snapshot, undefined before the first. */
  snapshot(): ConsoleSnapshot | undefined;
  /** Calls `listener` with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: ConsoleSnapshot) => void): () => void;
  /** One order and its history. Thrown by: the errors lib/grpc's status table maps. */
  order(orderId: string, signal: AbortSignal): Promise<OrderView>;
  /** Drains a node; resolves with the epoch that shows it DRAINING. */
  drain(nodeId: string, signal: AbortSignal): Promise<{ epoch: number }>;
}

/** Options of {@link ConsoleServer}. */
export interface ConsoleServerOptions {
  actions: ConsoleActions;
  log?: Logger;
  /** The page's files; default the repository's control-plane/console-ui. */
  files?: Map<string, StaticFile>;
  /** Deadline of an order lookup and of a drain; default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Comment line sent on idle event streams, so proxies keep them open; default 15 000 ms. */
  heartbeatMs?: number;
  /** Event streams open at once; one more is refused with 503 at once (memory stays bounded). Default 100. */
  maxStreams?: number;
  /**
   * The mesh's security: HTTPS, and every request authorized as the RPC it stands for
   * (console-access.ts). Undefined serves plain HTTP to anyone, as the plaintext mesh does.
   */
  security?: ConsoleSecurity | undefined;
  /** How often a rotated certificate is looked for (with `security`); default 5 000 ms. */
  certificateCheckMs?: number;
}

/** A percent-encoded path segment, or the error naming `field` when it is not valid encoding. */
function decodePathPart(part: string, field: string): string | InvalidArgumentError {
  try {
    return decodeURIComponent(part);
  } catch {
    return new InvalidArgumentError(field, 'is not valid percent-encoding');
  }
}

/**
 * The header a drain request must carry. A cross-site form cannot set it, and a cross-site
 * script would need a CORS preflight this server never grants, so another web page cannot make
 * an operator's browser drain a node.
 */
export const CONSOLE_ACTION_HEADER = 'x-ordermesh-console';

const HTTP_OF: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.UNAUTHENTICATED]: 401,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.FAILED_PRECONDITION]: 409,
  [grpc.status.ABORTED]: 409,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.UNAVAILABLE]: 503,
  [grpc.status.DEADLINE_EXCEEDED]: 504,
  [grpc.status.CANCELLED]: 503,
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The web console over node:http, or node:https behind the mesh's mutual TLS and roles
 * (console-access.ts): the page (static files), `GET /api/snapshot` (the latest snapshot as
 * JSON), `GET /api/events` (server-sent events: one `snapshot` event per tick),
 * `GET /api/orders/{order_id}` (an order with its history and trace link) and
 * `POST /api/nodes/{node_id}/drain` (operator-only: see docs/console.md). Errors are JSON
 * `{ error, code }` with the HTTP status of their gRPC code.
 */
export class ConsoleServer {
  private readonly server: Server;
  private readonly log: Logger;
  private readonly files: Map<string, StaticFile>;
  private readonly streams = new Set<ServerResponse>();
  private stopFollowingCertificates: () => void = () => undefined;

  constructor(private readonly options: ConsoleServerOptions) {
    this.log = (options.log ?? silentLogger()).child({ component: 'console' });
    this.files = options.files ?? loadStaticFiles();
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        this.log.error({ err, url: req.url }, 'console request failed');
        if (!res.headersSent) this.json(res, 500, { error: 'internal error; the control plane logged the details', code: 'INTERNAL' });
        else res.end();
      });
    };
    const { security } = options;
    if (security) {
      const server = createHttpsServer(consoleTlsOptions(security), onRequest);
      this.stopFollowingCertificates = followCertificateRotation(server, security, options.certificateCheckMs ?? 5_000);
      this.server = server;
    } else {
      this.server = createServer(onRequest);
    }
  }

  /** 'https' when the console serves the mesh's TLS, else 'http' (for the address it prints). */
  get scheme(): 'http' | 'https' {
    return this.options.security ? 'https' : 'http';
  }

  /**
   * Listens on `host:port` (0: a free port) and resolves with the bound port.
   * Thrown by: Error naming the address when it cannot be bound (e.g. the port is taken).
   */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(new Error(`the web console cannot listen on ${host}:${port}: ${err.message}; choose another with --console-port (0 picks a free one, off turns it off)`, { cause: err }));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Ends every event stream and stops listening. */
  async close(): Promise<void> {
    this.stopFollowingCertificates();
    for (const res of this.streams) res.end();
    this.streams.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const { security } = this.options;
    if (security) {
      try {
        await authorizeConsoleRequest(security, req, path);
      } catch (err) {
        return this.answer(res, () => Promise.reject(err));
      }
    }

    const drain = /^\/api\/nodes\/([^/]+)\/drain$/.exec(path);
    if (drain) {
      if (method !== 'POST') return this.notAllowed(res, 'POST');
      if (req.headers[CONSOLE_ACTION_HEADER] === undefined) {
        return this.json(res, 403, { error: `a drain must come from the console page (header ${CONSOLE_ACTION_HEADER})`, code: 'PERMISSION_DENIED' });
      }
      const nodeId = decodePathPart(drain[1] ?? '', 'node_id');
      if (nodeId instanceof InvalidArgumentError) return this.answer(res, () => Promise.reject(nodeId));
      this.log.info({ nodeId }, 'drain requested from the console');
      return this.answer(res, (signal) => this.options.actions.drain(nodeId, signal).then(({ epoch }) => ({ nodeId, state: 'DRAINING', epoch })));
    }
    if (method !== 'GET' && method !== 'HEAD') return this.notAllowed(res, 'GET, HEAD');

    const order = /^\/api\/orders\/([^/]+)$/.exec(path);
    if (order) {
      const orderId = decodePathPart(order[1] ?? '', 'order_id');
      if (orderId instanceof InvalidArgumentError) return this.answer(res, () => Promise.reject(orderId));
      return this.answer(res, (signal) => this.options.actions.order(orderId.trim(), signal));
    }
    if (path === '/api/snapshot') {
      const snapshot = this.options.actions.snapshot();
      if (!snapshot) return this.json(res, 503, { error: 'the console has not taken its first snapshot yet; retry in a second', code: 'UNAVAILABLE' });
      return this.json(res, 200, snapshot);
    }
    if (path === '/api/events') return this.events(req, res);

    const file = this.files.get(path);
    if (!file) return this.json(res, 404, { error: `no such page: ${path.slice(0, 100)}`, code: 'NOT_FOUND' });
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
    res.end(method === 'HEAD' ? undefined : file.body);
  }

  /** Server-sent events: the latest snapshot at once, then every new one, until the client leaves. */
  private events(req: IncomingMessage, res: ServerResponse): void {
    const max = this.options.maxStreams ?? 100;
    if (this.streams.size >= max) {
      res.setHeader('retry-after', '5');
      return this.json(res, 503, { error: `this console already streams to ${max} pages; close some, or ask another control-plane replica`, code: 'RESOURCE_EXHAUSTED' });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no', ...SECURITY_HEADERS });
    // Browsers reconnect by themselves after a drop; one second keeps a restarted replica's page live.
    res.write('retry: 1000\n\n');
    const send = (snapshot: ConsoleSnapshot): void => void res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    const first = this.options.actions.snapshot();
    if (first) send(first);
    const unsubscribe = this.options.actions.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), this.options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    this.streams.add(res);
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.delete(res);
    };
    req.on('close', stop);
    res.on('error', stop);
  }

  /** Runs an action under a deadline; its result as JSON 200, its error as JSON with the mapped status. */
  private async answer(res: ServerResponse, action: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    const signal = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
    try {
      this.json(res, 200, await action(signal));
    } catch (err) {
      const status = toStatus(err);
      if (status.internal) this.log.error({ err }, 'console action failed');
      this.json(res, HTTP_OF[status.code] ?? 500, { error: status.details, code: grpc.status[status.code] });
    }
  }

  private notAllowed(res: ServerResponse, allow: string): void {
    res.setHeader('allow', allow);
    this.json(res, 405, { error: `method not allowed; use ${allow}`, code: 'METHOD_NOT_ALLOWED' });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(text);
  }
}
