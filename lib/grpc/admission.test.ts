import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../logging/index.js';
import { ordermeshV1 } from '../proto/index.js';
import { callUnary } from './client.js';
import { connectOrdermesh, type OrdermeshClients } from './clients.js';
import { checkHealth } from './health-client.js';
import { reflectionDefinition } from '../proto/index.js';
import { GrpcServer, type GrpcServerOptions } from './server.js';
import { unary } from './unary-handler.js';

/** A server whose GetStatus calls each wait until the test opens their gate: saturated on demand. */
interface GatedServer {
  server: GrpcServer;
  clients: OrdermeshClients;
  address: string;
  /** Lets every call that is waiting finish. */
  openGates(): void;
  /** GetStatus calls whose handler has started. */
  started(): number;
  /** Waits until `n` handlers have started. */
  waitStarted(n: number): Promise<void>;
  stop(): Promise<void>;
}

async function gatedServer(options: Omit<GrpcServerOptions, 'log' | 'definition'>): Promise<GatedServer> {
  const gates: Array<() => void> = [];
  let started = 0;
  const server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), ...options });
  const env = { log: silentLogger(), stats: server.stats };
  server.addService({
    name: 'ordermesh.v1.NodeService',
    definition: ordermeshV1().NodeService.service,
    handlers: {
      GetStatus: unary(env, '/ordermesh.v1.NodeService/GetStatus', async () => {
        started += 1;
        await new Promise<void>((resolve) => gates.push(resolve));
        return { status: { nodeId: 'admission' } };
      }),
      GetNodeStats: unary(env, '/ordermesh.v1.NodeService/GetNodeStats', async () => ({ stats: {} })),
    },
  });
  const address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
  server.setServing(true);
  const clients = connectOrdermesh(address);
  const openGates = () => gates.splice(0).forEach((open) => open());
  return {
    server,
    clients,
    address,
    openGates,
    started: () => started,
    waitStarted: async (n) => {
      while (started < n) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    stop: async () => {
      openGates();
      clients.close();
      await server.shutdown(1_000);
    },
  };
}

describe('GrpcServer admission: past its in-flight limit a server sheds at once', { timeout: 60_000 }, () => {
  const LIMIT = 3;
  let s: GatedServer;

  before(async () => {
    s = await gatedServer({ maxMessageBytes: 1 << 20, maxInFlight: LIMIT });
  });
  after(() => s?.stop());

  const getStatus = () => callUnary(s.clients.node, s.clients.node.GetStatus, {}, { deadline: Date.now() + 30_000 });

  it('should answer the calls over the limit RESOURCE_EXHAUSTED before any work, stay healthy, and serve again when load drops', async () => {
    const calls = Array.from({ length: LIMIT + 5 }, () => getStatus().then(() => 'OK', (err: grpc.ServiceError) => grpc.status[err.code]));
    // The shed calls are answered while the admitted ones are still held: nothing waits for them.
    let timer: NodeJS.Timeout | undefined;
    const shed = await Promise.race([Promise.all(calls.slice(LIMIT)), new Promise((resolve) => (timer = setTimeout(() => resolve('held'), 20_000)))]);
    clearTimeout(timer);
    assert.deepEqual(shed, Array(5).fill('RESOURCE_EXHAUSTED'), 'every call over the limit shed at once');
    assert.equal(s.started(), LIMIT, 'the shed calls did no work');
    assert.equal(s.server.shedCalls, 5);
    assert.equal(await checkHealth(s.address), 'SERVING', 'health checks answer while the server is saturated');
    s.openGates();
    assert.deepEqual(await Promise.all(calls.slice(0, LIMIT)), Array(LIMIT).fill('OK'), 'the admitted calls complete');
    // Load gone: new calls are admitted again, no restart.
    const again = getStatus();
    await s.waitStarted(LIMIT + 1);
    s.openGates();
    assert.equal((await again).status?.nodeId, 'admission');
  });
});

describe('GrpcServer per-caller admission: one caller past its limit is shed, the others are still served', { timeout: 60_000 }, () => {
  const PER_CALLER = 2;
  let s: GatedServer;

  before(async () => {
    s = await gatedServer({
      maxInFlight: 100,
      maxInFlightPerCaller: PER_CALLER,
      // The key is pluggable (mTLS identities plug in here); this test names callers in metadata.
      callerOf: (call) => String(call.metadata.get('test-caller')[0] ?? 'anonymous'),
    });
  });
  after(() => s?.stop());

  const getStatus = (caller: string) => {
    const metadata = new grpc.Metadata();
    metadata.set('test-caller', caller);
    return callUnary(s.clients.node, s.clients.node.GetStatus, {}, { deadline: Date.now() + 30_000, metadata }).then(
      () => 'OK',
      (err: grpc.ServiceError) => `${grpc.status[err.code]}: ${err.details}`,
    );
  };

  it('should answer a caller over its limit RESOURCE_EXHAUSTED naming the limit, admit another caller, and admit the first again once its calls end', async () => {
    const first = [getStatus('shop-a'), getStatus('shop-a')];
    await s.waitStarted(PER_CALLER);
    const over = await getStatus('shop-a');
    assert.match(over, /^RESOURCE_EXHAUSTED: caller shop-a is at its limit of 2 calls in flight on this server/);
    assert.equal(s.started(), PER_CALLER, 'the shed call did no work');
    assert.equal(s.server.shedByCallerLimit, 1);

    // Another caller is not held back by shop-a's calls.
    const other = getStatus('shop-b');
    await s.waitStarted(PER_CALLER + 1);
    s.openGates();
    assert.deepEqual(await Promise.all([...first, other]), ['OK', 'OK', 'OK']);

    // shop-a's calls ended: its slots are free again.
    const again = getStatus('shop-a');
    await s.waitStarted(PER_CALLER + 2);
    s.openGates();
    assert.equal(await again, 'OK');
  });

  it('should key callers by peer host by default', async () => {
    const byHost = await gatedServer({ maxInFlightPerCaller: 1 });
    try {
      const held = callUnary(byHost.clients.node, byHost.clients.node.GetStatus, {}, { deadline: Date.now() + 30_000 });
      await byHost.waitStarted(1);
      // A second connection from the same host is the same caller.
      const second = connectOrdermesh(byHost.address);
      try {
        await assert.rejects(callUnary(second.node, second.node.GetStatus, {}, { deadline: Date.now() + 30_000 }), (err: grpc.ServiceError) => {
          assert.equal(err.code, grpc.status.RESOURCE_EXHAUSTED);
          assert.match(err.details, /^caller 127\.0\.0\.1 is at its limit of 1 calls in flight/);
          return true;
        });
      } finally {
        second.close();
      }
      byHost.openGates();
      await held;
    } finally {
      await byHost.stop();
    }
  });
});

describe('GrpcServer per-caller admission of server streams: a caller cannot open watches without bound', { timeout: 60_000 }, () => {
  let server: GrpcServer;
  let client: grpc.Client & { WatchAssignment(request: object): grpc.ClientReadableStream<unknown> };
  let opened = 0;

  before(async () => {
    server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition(), maxInFlightPerCaller: 1 });
    server.addService({
      name: 'ordermesh.v1.ControlPlaneService',
      definition: ordermeshV1().ControlPlaneService.service,
      // A watch with nothing to report yet: it stays open until the caller cancels it.
      handlers: { WatchAssignment: () => void (opened += 1) },
    });
    const address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
    server.setServing(true);
    client = new (ordermeshV1().ControlPlaneService)(address, grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await server?.shutdown(1_000);
  });

  /** Opens a watch; resolves 'open' once its handler ran, or with the status it ended with. */
  const watch = (): { stream: grpc.ClientReadableStream<unknown>; outcome: Promise<string> } => {
    const before = opened;
    const stream = client.WatchAssignment({});
    const outcome = new Promise<string>((resolve) => {
      stream.on('error', (err: grpc.ServiceError) => resolve(`${grpc.status[err.code]}: ${err.details}`));
      const poll = (): void => {
        if (opened > before) resolve('open');
        else setTimeout(poll, 10);
      };
      poll();
    });
    return { stream, outcome };
  };

  it('should end a second watch of the same caller RESOURCE_EXHAUSTED, and admit one again once the first is cancelled', async () => {
    const first = watch();
    assert.equal(await first.outcome, 'open');
    const second = watch();
    assert.match(await second.outcome, /^RESOURCE_EXHAUSTED: caller 127\.0\.0\.1 is at its limit of 1 calls in flight/);
    first.stream.cancel();
    // The slot comes back when the server sees the cancellation; ask until it has.
    let third: ReturnType<typeof watch> | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      third = watch();
      if ((await third.outcome) === 'open') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(await third?.outcome, 'open', 'a watch is admitted again after the first one closed');
    third?.stream.cancel();
  });
});
