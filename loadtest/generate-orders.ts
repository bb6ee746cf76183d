#!/usr/bin/env node
/**
 * Makes the data files of the ghz runs that need existing orders:
 *
 *   node dist/loadtest/generate-orders.js --rpc ConfirmPayment --count 500 \
 *     --out loadtest/data/confirm-payment.json [--target 127.0.0.1:50051] [--concurrency 8] [--json]
 *
 * It creates `--count` orders through the gateway and writes one request per order, a JSON
 * array ghz sends round-robin: `{order_id}` for GetOrder; `{order_id, payment_id,
 * amount_cents, succeeded}` paying one RESERVED order exactly for ConfirmPayment. Progress goes
 * to stderr; with --json, stdout holds one JSON summary. Exit status 0 when the file was
 * written, 1 when the orders could not be made, 2 for bad flags.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, int, parseConfig } from '#lib/config/index.js';
import { GENERATED_RPCS, generateOrders, writeDataFile, type GenerationProgress, type GeneratedRpc } from './order-generator.js';

interface GeneratorFlags {
  target: string;
  count: number;
  rpc: GeneratedRpc;
  out: string;
  concurrency: number;
  json: boolean;
}

const USAGE = 'usage: generate-orders --rpc GetOrder|ConfirmPayment --count N --out FILE [--target HOST:PORT] [--concurrency C] [--json]';

function readFlags(argv: string[]): GeneratorFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string' },
      count: { type: 'string' },
      rpc: { type: 'string' },
      out: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const schema = z.object({
    target: z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/, 'must be host:port'),
    count: int(1, 100_000),
    rpc: z.enum(GENERATED_RPCS as [GeneratedRpc, ...GeneratedRpc[]], { error: `must be one of ${GENERATED_RPCS.join(', ')}` }),
    out: z.string().min(1, 'is required'),
    concurrency: int(1, 64),
    json: z.boolean(),
  });
  return parseConfig(
    'generate-orders',
    schema,
    {
      target: values.target ?? process.env.ORDERMESH_GATEWAY ?? '127.0.0.1:50051',
      count: values.count,
      rpc: values.rpc,
      out: values.out ?? '',
      concurrency: values.concurrency ?? '8',
      json: values.json === true,
    },
    { target: '--target / ORDERMESH_GATEWAY', count: '--count', rpc: '--rpc', out: '--out', concurrency: '--concurrency' },
  );
}

async function main(argv: string[]): Promise<number> {
  let flags: GeneratorFlags;
  try {
    flags = readFlags(argv);
  } catch (err) {
    process.stderr.write(`generate-orders: ${(err as Error).message}\n${err instanceof ConfigError ? '' : `${USAGE}\n`}`);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(1);
    stop.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let lastLine = 0;
  const say = (p: GenerationProgress, force = false): void => {
    if (!force && Date.now() - lastLine < 1_000) return;
    lastLine = Date.now();
    process.stderr.write(`generate-orders: ${p.kept}/${p.wanted} ${flags.rpc} requests (${p.created} orders created, ${p.rejected} rejected, ${p.failed} failed)\n`);
  };
  try {
    process.stderr.write(`generate-orders: creating orders through ${flags.target} for ${flags.count} ${flags.rpc} requests\n`);
    const result = await generateOrders({ target: flags.target, count: flags.count, rpc: flags.rpc, concurrency: flags.concurrency, signal: stop.signal, onProgress: (p) => say(p) });
    await writeDataFile(flags.out, result.requests);
    say(result, true);
    process.stderr.write(`generate-orders: wrote ${result.requests.length} requests to ${flags.out} in ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    if (flags.rpc === 'ConfirmPayment') {
      process.stderr.write('generate-orders: run ConfirmPayment now: a RESERVED order is cancelled once ORDERMESH_PAYMENT_TIMEOUT_MS (60 s by default) has passed\n');
    }
    if (flags.json) {
      const { requests, ...summary } = result;
      process.stdout.write(`${JSON.stringify({ ...summary, out: flags.out, written: requests.length })}\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`generate-orders: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
