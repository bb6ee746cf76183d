// What a busy client sees when a server's keepalive gives up on it: grpc-js ends every call in
// flight on that connection with INTERNAL "Received RST_STREAM with code 0 (Call ended without
// gRPC status)" (found at 1,000 in flight in test/overload, where ecom-sim's event loop stalled
// past the gateway's keepalive timeout). statusOf calls that a dropped connection: UNAVAILABLE,
// which callers retry. Real processes: the server must keep running while the client stalls.
// Second case: a client that cancels more than 1,000 calls in a burst (its deadlines passing on a
// starved machine) gets a GOAWAY from Node's HTTP/2 server (nghttp2's rapid-reset limit), and
// every other call on that connection ends INTERNAL "Session closed with error code 2".
import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { repoRoot } from '../runtime/index.js';
import { statusOf } from './status-of.js';

const SLOW = {
  path: '/test.Slow/Call',
  requestStream: false,
  responseStream: false,
  requestSerialize: (b: Buffer) => b,
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (b: Buffer) => b,
  responseDeserialize: (b: Buffer) => b,
};

// A server that pings each client every second and gives up after 500 ms, answering calls after 4 s.
const SERVER = `
const grpc = require('@grpc/grpc-js');
const def = { Call: { path: '/test.Slow/Call', requestStream: false, responseStream: false, requestSerialize: (b) => b, requestDeserialize: (b) => b, responseSerialize: (b) => b, responseDeserialize: (b) => b } };
const server = new grpc.Server({ 'grpc.keepalive_time_ms': 1000, 'grpc.keepalive_timeout_ms': 500, 'grpc.keepalive_permit_without_calls': 1 });
server.addService(def, { Call: (call, cb) => setTimeout(() => cb(null, Buffer.from('ok')), 4000) });
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => process.send(err ? String(err) : port));
`;

test('calls cut off by a server keepalive that gave up on a stalled client should read as UNAVAILABLE', { timeout: 30_000 }, async (t) => {
  const server = spawn(process.execPath, ['-e', SERVER], { cwd: repoRoot(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  t.after(() => server.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => server.once('message', (m) => (typeof m === 'number' ? resolve(m) : reject(new Error(JSON.stringify(m))))));
  const Client = grpc.makeGenericClientConstructor({ Call: SLOW }, 'Slow');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & { Call: (req: Buffer, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null) => void) => void };
  t.after(() => client.close());
  const calls = Array.from({ length: 20 }, () => new Promise<grpc.ServiceError | null>((resolve) => client.Call(Buffer.from('x'), { deadline: Date.now() + 20_000 }, resolve)));
  // Stall this process's event loop past the server's ping timeout, as a starved client does.
  setTimeout(() => {
    const until = Date.now() + 2_500;
    while (Date.now() < until);
  }, 1_200);
  const errors = await Promise.all(calls);
  assert.ok(errors.every((e) => e !== null), 'the server dropped the connection with the calls in flight');
  const raw = new Set(errors.map((e) => grpc.status[e?.code ?? 0]));
  assert.ok(raw.has('INTERNAL'), `grpc-js itself reports INTERNAL for them: ${[...raw].join(', ')}`);
  for (const err of errors) assert.equal(statusOf(err)?.code, grpc.status.UNAVAILABLE, err?.details);
});

test('calls cut off when the server closes a connection that reset over 1,000 streams should read as UNAVAILABLE', { timeout: 30_000 }, async (t) => {
  const server = new grpc.Server();
  // Answers after 5 s unless the call is cancelled first.
  server.addService(
    { Call: SLOW },
    {
      Call: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const timer = setTimeout(() => callback(null, Buffer.from('ok')), 5_000);
        call.on('cancelled', () => clearTimeout(timer));
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  t.after(() => server.forceShutdown());
  const Client = grpc.makeGenericClientConstructor({ Call: SLOW }, 'Slow');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & { Call: (req: Buffer, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null) => void) => void };
  t.after(() => client.close());
  const call = (deadlineMs: number): Promise<grpc.ServiceError | null> => new Promise((resolve) => client.Call(Buffer.from('x'), { deadline: Date.now() + deadlineMs }, resolve));

  const bystanders = Array.from({ length: 20 }, () => call(20_000));
  await new Promise((resolve) => setTimeout(resolve, 200));
  // 1,100 calls whose deadline passes: grpc-js resets each stream (RST_STREAM CANCEL).
  const expired = await Promise.all(Array.from({ length: 1_100 }, () => call(300)));
  assert.ok(expired.every((e) => e?.code === grpc.status.DEADLINE_EXCEEDED || statusOf(e)?.code === grpc.status.UNAVAILABLE));
  const errors = await Promise.all(bystanders);
  assert.ok(errors.every((e) => e !== null), 'the server closed the connection under the calls that were still in flight');
  const raw = new Set(errors.map((e) => `${grpc.status[e?.code ?? 0]}: ${e?.details}`));
  assert.ok([...raw].some((r) => r.startsWith('INTERNAL') && r.includes('Session closed with error code')), `grpc-js itself reports INTERNAL for them: ${[...raw].join(', ')}`);
  for (const err of errors) assert.equal(statusOf(err)?.code, grpc.status.UNAVAILABLE, err?.details);
});
