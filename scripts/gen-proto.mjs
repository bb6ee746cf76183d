#!/usr/bin/env node
// Generates the TypeScript types of proto/ordermesh/v1/*.proto into lib/proto/generated (or the
// folder given as the first argument, which the freshness test uses). The loader options in
// lib/proto/options.json are the ones the runtime loader uses, so types and values agree.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'lib/proto/generated'));
const protoDir = join(root, 'proto');
const options = JSON.parse(readFileSync(join(root, 'lib/proto/options.json'), 'utf8'));
const files = readdirSync(join(protoDir, 'ordermesh/v1'))
  .filter((f) => f.endsWith('.proto'))
  .sort()
  .map((f) => `ordermesh/v1/${f}`);

rmSync(outDir, { recursive: true, force: true });
const args = [
  '--grpcLib=@grpc/grpc-js',
  `--outDir=${outDir}`,
  `-I=${protoDir}`,
  `--longs=${options.longs}`,
  `--enums=${options.enums}`,
  '--importFileExtension=.js',
  '--includeComments',
  ...(options.defaults ? ['--defaults'] : []),
  ...(options.oneofs ? ['--oneofs'] : []),
  ...(options.keepCase ? ['--keepCase'] : []),
  ...files,
];
execFileSync(join(root, 'node_modules/.bin/proto-loader-gen-types'), args, { stdio: 'inherit', cwd: protoDir });

// The generator writes the absolute path of each .proto into a header comment; make it relative
// so that the output is the same in every clone.
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
  const file = join(entry.parentPath ?? entry.path, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replaceAll(`// Original file: ${protoDir}/`, '// Original file: proto/');
  if (fixed !== text) writeFileSync(file, fixed);
}

// `npm run gen:proto` (no folder given) also rebuilds the descriptor images reflection serves.
if (process.argv[2] === undefined) execFileSync(process.execPath, [join(root, 'scripts/gen-descriptors.mjs')], { stdio: 'inherit' });
