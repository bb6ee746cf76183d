#!/usr/bin/env node
// Builds the descriptor images that server reflection serves, with buf (the npm package
// @bufbuild/buf ships the binary), as a protoc-compatible compiler makes them: real file names,
// dependency lists, fully-qualified type names and source info (so `grpcurl describe` shows the
// comments). Go-protobuf clients (grpcurl, ghz, buf curl) resolve these strictly.
//
//   lib/proto/ordermesh.binpb      proto/ (ordermesh/v1/*.proto) with its imports (timestamp.proto);
//                                  also the image `buf breaking` compares the API against
//   lib/proto/grpc-services.binpb  grpc.health.v1 and grpc.reflection.v1/v1alpha, from the .proto
//                                  files the grpc-health-check and @grpc/reflection packages ship
//
// `node scripts/gen-descriptors.mjs [OUT_DIR]` writes both into OUT_DIR (default lib/proto); the
// freshness test builds them into a temporary folder and compares the bytes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'lib/proto'));
const buf = join(root, 'node_modules/.bin/buf');
const require = createRequire(join(root, 'package.json'));

function build(input, output) {
  execFileSync(buf, ['build', input, '--as-file-descriptor-set', '-o', output], { cwd: root, stdio: 'inherit' });
}

mkdirSync(outDir, { recursive: true });
build('proto', join(outDir, 'ordermesh.binpb'));

// The gRPC packages ship their .proto files under other roots; lay them out under the names
// protoc gives them (grpc/health/v1/health.proto ...) before building.
const healthProto = require('grpc-health-check').protoPath;
const reflectionProtos = join(dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection');
const staging = mkdtempSync(join(tmpdir(), 'ordermesh-grpc-protos-'));
try {
  const place = (from, name) => {
    mkdirSync(dirname(join(staging, name)), { recursive: true });
    copyFileSync(from, join(staging, name));
  };
  place(healthProto, 'grpc/health/v1/health.proto');
  place(join(reflectionProtos, 'v1/reflection.proto'), 'grpc/reflection/v1/reflection.proto');
  place(join(reflectionProtos, 'v1alpha/reflection.proto'), 'grpc/reflection/v1alpha/reflection.proto');
  build(staging, join(outDir, 'grpc-services.binpb'));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
