import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { readdirSync, readFileSync } from 'node:fs';
import type { Message } from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { join } from 'node:path';
import { repoRoot } from '../runtime/paths.js';
import type { ProtoGrpcType as ControlPlaneProto } from './generated/control_plane.js';
import type { ProtoGrpcType as FulfillmentProto } from './generated/fulfillment.js';
import type { ProtoGrpcType as InventoryProto } from './generated/inventory.js';
import type { ProtoGrpcType as NodeProto } from './generated/node.js';
import type { ProtoGrpcType as OrderProto } from './generated/order.js';
import type { ProtoGrpcType as PaymentProto } from './generated/payment.js';
import loaderOptions from './options.json' with { type: 'json' };

/** The loaded `ordermesh.v1` package: service constructors and message definitions, typed. */
export type OrdermeshProto = ControlPlaneProto &
  FulfillmentProto &
  InventoryProto &
  NodeProto &
  OrderProto &
  PaymentProto;

/** Folder holding `ordermesh/v1/*.proto` (the repository's proto/ folder). */
export const PROTO_ROOT = join(repoRoot(), 'proto');

let cached: { definition: protoLoader.PackageDefinition; proto: OrdermeshProto } | undefined;

function protoFiles(): string[] {
  return readdirSync(`${PROTO_ROOT}/ordermesh/v1`)
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => `ordermesh/v1/${f}`);
}

/**
 * Loads every ordermesh .proto once per process with the options the generated types were made
 * with (lib/proto/options.json), so runtime values match the types.
 */
export function loadOrdermesh(): { definition: protoLoader.PackageDefinition; proto: OrdermeshProto } {
  if (!cached) {
    const definition = protoLoader.loadSync(protoFiles(), {
      keepCase: loaderOptions.keepCase,
      // options.json names the types as the generator's flags do; the loader wants constructors.
      longs: loaderOptions.longs === 'Number' ? Number : String,
      enums: String,
      defaults: loaderOptions.defaults,
      oneofs: loaderOptions.oneofs,
      includeDirs: [PROTO_ROOT],
    });
    const proto = grpc.loadPackageDefinition(definition) as unknown as OrdermeshProto;
    cached = { definition, proto };
  }
  return cached;
}

/** The `ordermesh.v1` namespace: service client constructors and their `.service` definitions. */
export function ordermeshV1(): OrdermeshProto['ordermesh']['v1'] {
  return loadOrdermesh().proto.ordermesh.v1;
}

/** Descriptor images built by `buf build` (scripts/gen-descriptors.mjs), beside this module's source. */
export const DESCRIPTOR_IMAGES = ['ordermesh.binpb', 'grpc-services.binpb'] as const;

let reflectionCache: protoLoader.PackageDefinition | undefined;

/**
 * What server reflection describes: the FileDescriptorProtos that `buf build` made from proto/
 * (ordermesh/v1/*.proto with google/protobuf/timestamp.proto) and from the gRPC packages'
 * health and reflection protos, as protoc would make them: real file names, dependency lists,
 * fully-qualified type names and source info (the .proto comments that `grpcurl describe`
 * prints). Go-protobuf clients (grpcurl, ghz, buf curl) resolve these strictly; descriptors that
 * protobufjs synthesises from a loaded package are refused by them.
 *
 * @grpc/reflection reads only the `fileDescriptorProtos` of each entry of the definition it is
 * given, so this returns one entry holding every file.
 */
export function reflectionDefinition(): protoLoader.PackageDefinition {
  if (!reflectionCache) {
    const fileDescriptorProtos = DESCRIPTOR_IMAGES.flatMap((image) =>
      (descriptor.FileDescriptorSet.decode(readFileSync(join(repoRoot(), 'lib/proto', image))) as unknown as { file: Message[] }).file.map((file) =>
        Buffer.from(descriptor.FileDescriptorProto.encode(file).finish()),
      ),
    );
    const entry = { format: 'Protocol Buffer 3 DescriptorProto', type: {}, fileDescriptorProtos };
    reflectionCache = { 'ordermesh.descriptors': entry as unknown as protoLoader.MessageTypeDefinition<object, object> };
  }
  return reflectionCache;
}
