import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../runtime/paths.js';
import type { ProtoGrpcType as ControlPlaneProto } from './generated/control_plane.js';
import type { ProtoGrpcType as FulfillmentProto } from './generated/fulfillment.js';
import type { ProtoGrpcType as InventoryProto } from './generated/inventory.js';
import type { ProtoGrpcType as NodeProto } from './generated/node.js';
import type { ProtoGrpcType as OrderProto } from './generated/order.js';
import type { ProtoGrpcType as PaymentProto } from './generated/payment.js';
import loaderOptions from './options.json' with { type: 'json' };
import { withSourceComments } from './source-comments.js';

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

let reflectionCache: protoLoader.PackageDefinition | undefined;

/**
 * The package definition server reflection describes. It keeps the .proto's own field names
 * (snake_case): grpcurl and ghz build requests from these descriptors, and users type the
 * names of API.md (`customer_name`), not the camelCase names our handlers see. Its descriptors
 * carry the .proto comments (source_code_info), which `grpcurl describe` prints.
 */
export function reflectionDefinition(): protoLoader.PackageDefinition {
  if (!reflectionCache) {
    const files = protoFiles();
    const includeDirs = [PROTO_ROOT];
    reflectionCache = withSourceComments(protoLoader.loadSync(files, { keepCase: true, includeDirs }), { includeDirs, files });
  }
  return reflectionCache;
}
