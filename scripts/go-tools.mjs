#!/usr/bin/env node
// The external clients people use against ordermesh, built from the Go module proxy with
// `go install` at pinned versions into .tools/bin (git ignores it), so that the tests call the
// real grpcurl and ghz rather than a lenient client of our own; and the real Jaeger v2 the trace
// test exports to (`ordermesh dev --jaeger` runs it too), built in a tools module of ours. Go resolves descriptors strictly:
// what works with these works with Postman, Kreya and the rest of the Go-protobuf family.
//
//   node scripts/go-tools.mjs           installs what is missing (a no-op when up to date)
//   node scripts/go-tools.mjs --check   prints the path of each tool, or why it is missing
//
// Where `go` is not on PATH nothing is installed and one line says what to install; the tests
// that need a tool then skip with that line, except under CI=true, where they fail.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, '.tools', 'bin');

/** Tool name → Go package at a pinned version (the versions the docs and tests were checked with). */
export const GO_TOOLS = {
  grpcurl: 'github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4',
  ghz: 'github.com/bojand/ghz/cmd/ghz@v0.120.0',
};

/**
 * Tools built with `go build` inside a tools module of ours (tools/<name>/go.mod pins the
 * version, go.sum the hashes): `go install pkg@version` refuses Jaeger because its go.mod has a
 * replace directive, which our module repeats. The stamp names the version the go.mod requires.
 */
export const GO_MODULE_TOOLS = {
  jaeger: { dir: 'tools/jaeger', pkg: 'github.com/jaegertracing/jaeger/cmd/jaeger', version: 'v1.76.0' },
};

function goBinary() {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/local/go/bin', '/usr/lib/go/bin']) {
    if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  return undefined;
}

const say = (line) => process.stderr.write(`[go-tools] ${line}\n`);
const stampOf = (name) => join(binDir, `.${name}.version`);
const wanted = (name) => GO_TOOLS[name] ?? `${GO_MODULE_TOOLS[name].pkg}@${GO_MODULE_TOOLS[name].version}`;
const installed = (name) => existsSync(join(binDir, name)) && existsSync(stampOf(name)) && readFileSync(stampOf(name), 'utf8') === wanted(name);
const allTools = [...Object.keys(GO_TOOLS), ...Object.keys(GO_MODULE_TOOLS)];

if (process.argv.includes('--check')) {
  for (const name of allTools) console.log(`${name}\t${installed(name) ? join(binDir, name) : 'missing'}`);
  process.exit(0);
}

const go = goBinary();
if (!go) {
  say(`Go is not installed, so grpcurl, ghz and jaeger are not built and their tests will skip. Install Go (Debian: apt-get install golang-go) to run them.`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
mkdirSync(binDir, { recursive: true });
for (const [name, pkg] of Object.entries(GO_TOOLS)) {
  if (installed(name)) continue;
  say(`building ${pkg} with go install (a minute or two the first time)`);
  const result = spawnSync(go, ['install', pkg], { cwd: root, stdio: 'inherit', env: { ...process.env, GOBIN: binDir } });
  if (result.status !== 0) {
    say(`go install ${pkg} failed (output above): its tests will ${process.env.CI === 'true' ? 'fail' : 'skip'}.`);
    if (process.env.CI === 'true') process.exit(1);
    continue;
  }
  writeFileSync(stampOf(name), pkg);
}
for (const [name, tool] of Object.entries(GO_MODULE_TOOLS)) {
  if (installed(name)) continue;
  say(`building ${tool.pkg}@${tool.version} with go build in ${tool.dir} (several minutes the first time: it is large)`);
  const result = spawnSync(go, ['build', '-o', join(binDir, name), tool.pkg], { cwd: join(root, tool.dir), stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    say(`go build ${tool.pkg} failed (output above): its tests will ${process.env.CI === 'true' ? 'fail' : 'skip'}.`);
    if (process.env.CI === 'true') process.exit(1);
    continue;
  }
  writeFileSync(stampOf(name), wanted(name));
}
