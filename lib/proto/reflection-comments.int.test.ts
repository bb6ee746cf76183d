import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { startTestWarehouse, type TestWarehouse } from '#test/support/index.js';

interface Named {
  name: string;
}
interface File extends Named {
  package: string;
  messageType: (Named & { field: Named[] })[];
  service: (Named & { method: Named[] })[];
  sourceCodeInfo?: { location: { path: number[]; span: number[]; leadingComments?: string }[] };
}

interface ReflectionResponse {
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  list_services_response?: { service: { name: string }[] };
  error_response?: { error_code: number; error_message: string };
}

type ReflectionClient = grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse> };

/** A raw grpc.reflection client of `version`, as grpcurl speaks it (v1, or v1alpha on older servers). */
function reflectionClient(address: string, version: 'v1' | 'v1alpha'): ReflectionClient {
  const pkgRoot = dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json'));
  const definition = protoLoader.loadSync(join(pkgRoot, `build/proto/grpc/reflection/${version}/reflection.proto`), { keepCase: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: Record<string, { ServerReflection: new (a: string, c: grpc.ChannelCredentials) => ReflectionClient }> };
  };
  return new loaded.grpc.reflection[version]!.ServerReflection(address, grpc.credentials.createInsecure());
}

/** One request on a ServerReflectionInfo stream, the way grpcurl asks for a symbol's file. */
function ask(client: ReflectionClient, request: object): Promise<ReflectionResponse> {
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.once('data', (response: ReflectionResponse) => {
      stream.end();
      resolve(response);
    });
    stream.once('error', reject);
    stream.write(request);
  });
}

async function filesContaining(client: ReflectionClient, symbol: string): Promise<File[]> {
  const response = await ask(client, { file_containing_symbol: symbol });
  assert.equal(response.error_response, undefined, JSON.stringify(response.error_response));
  const protos = response.file_descriptor_response?.file_descriptor_proto ?? [];
  assert.ok(protos.length > 0, `no file descriptors for ${symbol}`);
  return protos.map((b) => descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(b), { arrays: true }) as File);
}

function leadingComment(file: File, path: number[]): string | undefined {
  return file.sourceCodeInfo?.location.find((l) => l.path.join('.') === path.join('.'))?.leadingComments;
}

/**
 * What `grpcurl describe` prints comes from the source_code_info of the descriptors that server
 * reflection sends: this test reads them off the wire of a real warehouse node.
 */
describe('.proto comments over server reflection of a warehouse node', { timeout: 60_000 }, () => {
  let wh: TestWarehouse;
  const clients: grpc.Client[] = [];

  before(async () => {
    wh = await startTestWarehouse();
  });
  after(async () => {
    for (const c of clients) c.close();
    await wh.stop();
  });

  for (const version of ['v1', 'v1alpha'] as const) {
    it(`should send the comments of OrderService and CreateOrder over grpc.reflection.${version}`, async () => {
      const client = reflectionClient(wh.address, version);
      clients.push(client);
      const listed = await ask(client, { list_services: '*' });
      assert.ok(listed.list_services_response?.service.some((s) => s.name === 'ordermesh.v1.OrderService'));

      const [file] = await filesContaining(client, 'ordermesh.v1.OrderService.CreateOrder');
      assert.ok(file, 'no file');
      const service = file.service.findIndex((s) => s.name === 'OrderService');
      assert.ok(service >= 0, `OrderService is not in ${file.name}`);
      const method = file.service[service]!.method.findIndex((m) => m.name === 'CreateOrder');
      assert.ok(method >= 0);

      const serviceComment = leadingComment(file, [6, service]);
      assert.ok(serviceComment?.includes(' OrderService places orders and moves them through their life:\n'), String(serviceComment));
      const methodComment = leadingComment(file, [6, service, 2, method]);
      assert.ok(methodComment?.includes(' Places an order. The items are reserved atomically'), String(methodComment));
      assert.ok(methodComment?.includes('never a second one.\n'), methodComment);

      const order = file.messageType.findIndex((m) => m.name === 'Order');
      const orderId = file.messageType[order]!.field.findIndex((f) => f.name === 'order_id');
      assert.ok(leadingComment(file, [4, order, 2, orderId])?.includes('The prefix is the home region.'));
    });
  }

  it('should still describe grpc.health.v1.Health', async () => {
    const client = reflectionClient(wh.address, 'v1');
    clients.push(client);
    const files = await filesContaining(client, 'grpc.health.v1.Health');
    assert.ok(files.some((f) => f.service.some((s) => s.name === 'Health')));
  });
});
