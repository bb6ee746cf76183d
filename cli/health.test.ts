import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GrpcServer } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { freePort } from '#lib/testing/index.js';
import { UsageError } from './commands.js';
import { healthOptions, runHealth, type HealthOptions } from './health.js';
import { main } from './main.js';

/** Collects what runHealth prints. */
function capture(): { stdout: { write(text: string): boolean }; text(): string } {
  let out = '';
  return { stdout: { write: (t: string) => ((out += t), true) }, text: () => out };
}

describe('ordermesh health', { timeout: 30_000 }, () => {
  let server: GrpcServer;
  let target: string;

  before(async () => {
    server = new GrpcServer({ log: silentLogger(), definition: {}, maxMessageBytes: 1024 * 1024 });
    const port = await server.listen('127.0.0.1', 0);
    target = `127.0.0.1:${port}`;
  });
  after(async () => {
    await server.shutdown(0);
  });

  const options = (overrides: Partial<HealthOptions> = {}): HealthOptions => ({ target, service: '', timeoutMs: 2_000, ...overrides });

  it('should exit 1 and print NOT_SERVING while the server is not serving', async () => {
    server.setServing(false);
    const io = capture();
    assert.equal(await runHealth(options(), io), 1);
    assert.equal(io.text(), `${target} NOT_SERVING\n`);
  });

  it('should exit 0 and print SERVING once the server serves', async () => {
    server.setServing(true);
    const io = capture();
    assert.equal(await runHealth(options(), io), 0);
    assert.equal(io.text(), `${target} SERVING\n`);
  });

  it('should exit 1 for a service the server does not know', async () => {
    server.setServing(true);
    const io = capture();
    assert.equal(await runHealth(options({ service: 'ordermesh.v1.NoSuchService' }), io), 1);
    assert.equal(io.text(), `${target} ordermesh.v1.NoSuchService SERVICE_UNKNOWN\n`);
  });

  it('should exit 1 and print UNREACHABLE when nothing listens on the target', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const io = capture();
    assert.equal(await runHealth(options({ target: closed, timeoutMs: 1_000 }), io), 1);
    assert.equal(io.text(), `${closed} UNREACHABLE\n`);
  });

  it('should be a subcommand of the ordermesh CLI that sets the exit status', async () => {
    const saved = process.exitCode;
    try {
      server.setServing(true);
      await main(['health', '--target', target]);
      assert.equal(process.exitCode, 0);
      server.setServing(false);
      await main(['health', '--target', target, '--timeout-ms', '1000']);
      assert.equal(process.exitCode, 1);
      await main(['health', '--target', 'no-port-here']);
      assert.equal(process.exitCode, 2, 'a bad --target is a usage error');
    } finally {
      process.exitCode = saved;
    }
  });
});

describe('healthOptions', () => {
  it('should default to the local gateway, the whole server and a 2 s timeout', () => {
    assert.deepEqual(healthOptions({}), { target: '127.0.0.1:50051', service: '', timeoutMs: 2_000 });
  });

  it('should accept a service name, an IPv6 target and a timeout', () => {
    assert.deepEqual(healthOptions({ target: '[::1]:50061', service: 'ordermesh.v1.OrderService', 'timeout-ms': '500' }), {
      target: '[::1]:50061',
      service: 'ordermesh.v1.OrderService',
      timeoutMs: 500,
    });
  });

  it('should refuse a target that is not host:port, naming --target', () => {
    for (const bad of ['localhost', 'localhost:', ':50051', 'host:99999', 'http://x:1']) {
      assert.throws(() => healthOptions({ target: bad }), (err: unknown) => err instanceof UsageError && err.message.startsWith('--target:'), bad);
    }
  });

  it('should refuse a timeout that is not a whole number of ms from 1 to 600000, naming --timeout-ms', () => {
    for (const bad of ['0', '-5', '1.5', 'soon', '600001']) {
      assert.throws(() => healthOptions({ 'timeout-ms': bad }), (err: unknown) => err instanceof UsageError && err.message.startsWith('--timeout-ms:'), bad);
    }
  });
});
