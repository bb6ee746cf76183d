import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../logging/index.js';
import { ordermeshV1, reflectionDefinition } from '../proto/index.js';
import { callBytes } from './byte-call.js';
import { MAX_MESSAGE_BYTES } from './message-limits.js';
import { GrpcServer } from './server.js';
import { unary } from './unary-handler.js';

const GET_ORDER = '/ordermesh.v1.OrderService/GetOrder';
const identity = (bytes: Buffer): Buffer => bytes;

describe('GrpcServer decodes requests itself: bytes that are not a request are INVALID_ARGUMENT, not INTERNAL', { timeout: 60_000 }, () => {
  let server: GrpcServer;
  let client: grpc.Client;
  const seen: unknown[] = [];

  before(async () => {
    server = new GrpcServer({ log: silentLogger(), definition: reflectionDefinition() });
    const env = { log: silentLogger(), stats: server.stats };
    server.addService({
      name: 'ordermesh.v1.OrderService',
      definition: ordermeshV1().OrderService.service,
      handlers: {
        GetOrder: unary(env, GET_ORDER, async (request: { orderId: string }) => {
          seen.push(request);
          return { order: { orderId: request.orderId } };
        }),
      },
    });
    const port = await server.listen('127.0.0.1', 0);
    server.setServing(true);
    client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await server?.shutdown(1_000);
  });

  const call = (bytes: Buffer) =>
    callBytes(client, GET_ORDER, bytes, { deadline: Date.now() + 10_000 }).then(
      (answer) => ({ code: grpc.status.OK, details: '', response: answer.response }),
      (err: grpc.ServiceError) => ({ code: err.code, details: err.details, response: undefined }),
    );

  it('should answer undecodable bytes INVALID_ARGUMENT naming the request type, without running the handler', async () => {
    // What protobufjs (the decoder of every ordermesh server) refuses. It is lenient elsewhere: a
    // string cut short by the end of the message is taken as far as it goes, and the wire type
    // of a known field is not checked; the validators then judge what was read.
    const malformed = {
      // unknown field 2, length 10, but only 3 bytes follow
      truncated: Buffer.from([0x12, 0x0a, 0x41, 0x42, 0x43]),
      // wire type 7 does not exist
      'bad wire type': Buffer.from([0x17, 0x01]),
      // a varint whose continuation bits run past the end
      'unterminated varint': Buffer.from([0x10, 0xff, 0xff]),
      // group end with no group start
      'stray group end': Buffer.from([0x0c]),
    };
    for (const [name, bytes] of Object.entries(malformed)) {
      const answer = await call(bytes);
      assert.equal(grpc.status[answer.code], 'INVALID_ARGUMENT', `${name}: ${answer.details}`);
      assert.match(answer.details, /^request: is not a valid ordermesh\.v1\.GetOrderRequest message \(/, name);
    }
    assert.deepEqual(seen, [], 'no handler ran for bytes that do not decode');
  });

  it('should answer undecodable bytes to health checks INVALID_ARGUMENT too', async () => {
    const answer = await callBytes(client, '/grpc.health.v1.Health/Check', Buffer.from([0x0c]), { deadline: Date.now() + 10_000 }).then(
      () => ({ code: grpc.status.OK, details: '' }),
      (err: grpc.ServiceError) => ({ code: err.code, details: err.details }),
    );
    assert.equal(grpc.status[answer.code], 'INVALID_ARGUMENT', answer.details);
    assert.match(answer.details, /^request: is not a valid grpc\.health\.v1\.HealthCheckRequest message/);
  });

  it('should end a server reflection stream INVALID_ARGUMENT at its first message that does not decode, and answer one that does', async () => {
    const reflect = (bytes: Buffer) =>
      new Promise<{ code: grpc.status; details: string; messages: number }>((resolve) => {
        let messages = 0;
        const call = client.makeBidiStreamRequest('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo', identity, identity, new grpc.Metadata(), { deadline: Date.now() + 10_000 });
        call.on('data', () => (messages += 1));
        call.on('error', () => undefined);
        call.on('status', (status: grpc.StatusObject) => resolve({ code: status.code, details: status.details, messages }));
        call.write(bytes);
        call.end();
      });
    const bad = await reflect(Buffer.from([0x0c]));
    assert.equal(grpc.status[bad.code], 'INVALID_ARGUMENT', bad.details);
    assert.match(bad.details, /^request: is not a valid grpc\.reflection\.v1\.ServerReflectionRequest message/);
    // list_services (field 7): the services this server has.
    const good = await reflect(Buffer.from([0x3a, 0x00]));
    assert.equal(grpc.status[good.code], 'OK', good.details);
    assert.equal(good.messages, 1);
  });

  it('should decode a well-formed request once and hand the handler the object, unknown fields ignored', async () => {
    const request = ordermeshV1().OrderService.service.GetOrder.requestSerialize({ orderId: 'HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    // An unknown field 99 (varint 1) after the known one: proto3 skips it.
    const answer = await call(Buffer.concat([request, Buffer.from([0x98, 0x06, 0x01])]));
    assert.equal(grpc.status[answer.code], 'OK', answer.details);
    assert.deepEqual(seen, [{ orderId: 'HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV' }]);
    const response = ordermeshV1().OrderService.service.GetOrder.responseDeserialize(answer.response as Buffer) as { order: { orderId: string } };
    assert.equal(response.order.orderId, 'HCM-01ARZ3NDEKTSV4RRFFQ69G5FAV');
  });

  it('should refuse a request past the shared 1 MiB limit RESOURCE_EXHAUSTED', async () => {
    const big = ordermeshV1().OrderService.service.GetOrder.requestSerialize({ orderId: 'x'.repeat(MAX_MESSAGE_BYTES) });
    const answer = await call(big);
    assert.equal(grpc.status[answer.code], 'RESOURCE_EXHAUSTED', answer.details);
  });
});
