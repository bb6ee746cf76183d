import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { goToolPath, repoRoot } from '#lib/runtime/index.js';

/**
 * The clients people use against ordermesh, run as separate programs: buf curl (the npm package
 * @bufbuild/buf ships it, so it is always here), and grpcurl and ghz (built from the Go module
 * proxy into .tools/bin by scripts/go-tools.mjs, where Go is installed). All three resolve
 * reflection descriptors with Go's protobuf runtime, which refuses what a lenient client forgives.
 */

/** The external tools the tests run (jaeger: the real Jaeger v2 the trace test exports to). */
export type RealClient = 'buf' | 'grpcurl' | 'ghz' | 'jaeger';

/** Where a tool is, or undefined when it is not installed. */
export function toolPath(tool: RealClient): string | undefined {
  if (tool !== 'buf') return goToolPath(tool);
  const buf = join(repoRoot(), 'node_modules', '.bin', 'buf');
  return existsSync(buf) ? buf : undefined;
}

/**
 * The path of `tool`, or, when it is missing, skips the test with one line saying what to
 * install; under CI=true a missing tool fails the test instead (CI must run every client).
 */
export function requireTool(t: TestContext, tool: RealClient): string | undefined {
  const path = toolPath(tool);
  if (path) return path;
  const line = `${tool} is not installed: install Go (Debian: apt-get install golang-go), then \`node scripts/go-tools.mjs\` builds it into .tools/bin`;
  if (process.env.CI === 'true') throw new Error(line);
  t.skip(line);
  return undefined;
}

/** What one call of a client answered, in one shape for buf curl and grpcurl. */
export interface ClientAnswer {
  /** The program's exit code. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The gRPC status as its canonical name (OK, INVALID_ARGUMENT, ...), when one was reported. */
  code: string;
  /** The status message, for a failed call. */
  message: string;
  /** Every JSON message the call printed (a stream prints several). */
  messages: Record<string, unknown>[];
}

/** grpcurl names codes in CamelCase, buf curl in snake_case; both become INVALID_ARGUMENT. */
function canonicalCode(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Splits concatenated pretty-printed JSON objects (a stream's messages) into values. */
function jsonMessages(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0 && start >= 0) {
      out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
      start = -1;
    }
  }
  return out;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const exitCode = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/** A call as grpcurl takes it: `[-d JSON] ADDRESS (list [SERVICE] | describe SYMBOL | SERVICE/METHOD)`. */
export interface GrpcurlCall {
  data?: string;
  address: string;
  /** `list`, `describe`, or `SERVICE/METHOD`. */
  verb: string;
  /** The argument of list or describe. */
  symbol?: string;
  /** Stop a streaming call after this long (grpcurl -max-time). */
  maxTimeS?: number;
  /** How grpcurl connects: default `-plaintext`; e.g. `-cacert ca.pem -cert c.pem -key k.pem` for mutual TLS (grpcurl only). */
  transport?: readonly string[];
}

/** Reads grpcurl's own arguments (after the program name) into a {@link GrpcurlCall}. */
export function parseGrpcurlArgs(argv: string[]): GrpcurlCall {
  const rest: string[] = [];
  let data: string | undefined;
  let maxTimeS: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-plaintext') continue;
    if (arg === '-d') data = argv[++i];
    else if (arg === '-max-time') maxTimeS = Number(argv[++i]);
    else if (arg.startsWith('-')) throw new Error(`a grpcurl flag this harness does not translate: ${arg}`);
    else rest.push(arg);
  }
  const [address, verb, symbol] = rest;
  if (!address || !verb) throw new Error(`not a grpcurl call: ${argv.join(' ')}`);
  return { address, verb, ...(symbol !== undefined ? { symbol } : {}), ...(data !== undefined ? { data } : {}), ...(maxTimeS !== undefined ? { maxTimeS } : {}) };
}

/** Runs `call` with the real grpcurl. */
export async function grpcurl(binary: string, call: GrpcurlCall, timeoutMs = 20_000): Promise<ClientAnswer> {
  const args = [...(call.transport ?? ['-plaintext']), ...(call.maxTimeS ? ['-max-time', String(call.maxTimeS)] : []), ...(call.data !== undefined ? ['-d', call.data] : []), call.address, call.verb];
  if (call.symbol) args.push(call.symbol);
  const r = await run(binary, args, timeoutMs);
  const code = /Code: (\w+)/.exec(r.stderr)?.[1];
  const message = /Message: (.*)/.exec(r.stderr)?.[1] ?? '';
  const isJson = call.verb.includes('/');
  return { ...r, code: code ? canonicalCode(code) : r.exitCode === 0 ? 'OK' : 'UNKNOWN', message, messages: isJson ? jsonMessages(r.stdout) : [] };
}

/**
 * Runs `call` with `buf curl` (gRPC over HTTP/2 without TLS, schema by reflection alone). buf
 * curl cannot describe a symbol; `list` lists the services, or a service's methods.
 */
export async function bufCurl(binary: string, call: GrpcurlCall, timeoutMs = 20_000): Promise<ClientAnswer> {
  const base = ['curl', '--protocol', 'grpc', '--http2-prior-knowledge'];
  if (call.maxTimeS) base.push('--timeout', `${call.maxTimeS}s`);
  let args: string[];
  if (call.verb === 'list') args = call.symbol ? [...base, '--list-methods', `http://${call.address}/${call.symbol}`] : [...base, '--list-services', `http://${call.address}`];
  else if (call.verb === 'describe') throw new Error('buf curl cannot describe a symbol');
  else args = [...base, '-d', call.data ?? '{}', `http://${call.address}/${call.verb}`];
  const r = await run(binary, args, timeoutMs);
  let code = r.exitCode === 0 ? 'OK' : 'UNKNOWN';
  let message = '';
  const error = jsonMessages(r.stderr).find((m) => typeof m.code === 'string');
  if (error) {
    code = String(error.code).toUpperCase();
    message = typeof error.message === 'string' ? error.message : '';
  } else if (r.exitCode !== 0) {
    message = r.stderr.trim();
  }
  return { ...r, code, message, messages: call.verb === 'list' ? [] : jsonMessages(r.stdout) };
}

/**
 * The grpcurl commands of a Markdown document: every line of a ```sh block that starts with
 * `grpcurl`, joined with its continuation lines (a trailing backslash, or a quote still open).
 */
export function grpcurlCommandsOf(markdown: string): string[] {
  const commands: string[] = [];
  let inShell = false;
  let current: string | undefined;
  const open = (text: string) => (text.match(/'/g)?.length ?? 0) % 2 === 1;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) {
      inShell = !inShell && /^```(sh|bash|shell)\b/.test(line);
      current = undefined;
      continue;
    }
    if (!inShell) continue;
    if (current !== undefined) {
      current += `\n${line}`;
    } else if (/^grpcurl\s/.test(line)) {
      current = line;
    } else {
      continue;
    }
    if (!current.endsWith('\\') && !open(current)) {
      commands.push(current);
      current = undefined;
    }
  }
  return commands;
}

/**
 * The arguments bash gives `command` (a grpcurl line of the docs, with `$G` and the like set by
 * `prelude`): bash does the quoting, exactly as for a user who pastes the line.
 */
export function shellArgs(command: string, prelude: string): string[] {
  const script = `${prelude}\nargs() { printf '%s\\0' "$@"; }\n${command.replace(/^grpcurl\b/, 'args')}`;
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}
