import { silentLogger } from '#lib/logging/index.js';
import { openMeshSecurity, PLAINTEXT } from '#lib/security/index.js';
import { startTelemetry } from '#lib/telemetry/index.js';
import { loadEcomSimConfig, type EcomSimConfig, type EcomSimFlags } from './config.js';
import { CsvFile } from './csv.js';
import { CatalogueUnavailableError } from './errors.js';
import { formatSummary, ProgressRenderer, type TextSink } from './render.js';
import { runSimulation } from './simulation.js';
import type { SimulationSummary } from './summary.js';

/** Exit status of `ordermesh ecom-sim`. */
export const EXIT = {
  ok: 0,
  /** An acknowledged order was lost or not final at the end, or no catalogue could be read. */
  failed: 1,
  /** Bad flags or environment (also for an unwritable --csv file). */
  usage: 2,
  /** Stopped by SIGINT/SIGTERM before the run settled, with nothing found lost. */
  interrupted: 130,
} as const;

/** An output stream, as process.stdout is: `isTTY` and `columns` when it is a terminal. */
export interface OutputStream extends TextSink {
  isTTY?: boolean;
  columns?: number;
}

/** Where {@link runEcomSim} writes. */
export interface EcomSimIo {
  stdout: OutputStream;
  stderr: OutputStream;
}

/** The exit status a summary calls for: 1 when anything was lost, or (in a run that settled) stuck. */
export function exitCodeOf(summary: SimulationSummary): number {
  if (summary.orders.lost > 0) return EXIT.failed;
  if (summary.interrupted) return EXIT.interrupted;
  return summary.orders.stuck > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * Runs a simulation for the command line: progress on stdout (on stderr with --json), then the
 * summary (a table, or one JSON object that is all of stdout with --json), the CSV when asked.
 * Returns the exit status; starts no telemetry and installs no signal handlers (ecomSimMain does).
 */
export async function runEcomSim(config: EcomSimConfig, io: EcomSimIo, signal?: AbortSignal): Promise<number> {
  let csv: CsvFile | undefined;
  if (config.csvPath !== undefined) {
    try {
      csv = await CsvFile.open(config.csvPath);
    } catch (err) {
      io.stderr.write(`ordermesh ecom-sim: cannot write --csv ${config.csvPath}: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const progressOut = config.json ? io.stderr : io.stdout;
  const renderer = new ProgressRenderer(progressOut, { tty: progressOut.isTTY === true, ...(progressOut.columns ? { columns: progressOut.columns } : {}) });
  let summary: SimulationSummary;
  const security = openMeshSecurity(config.security ?? PLAINTEXT, { log: silentLogger(), serves: false });
  try {
    summary = await runSimulation(config.simulation, {
      credentials: security.channel,
      ...(signal ? { signal } : {}),
      onProgress: (p) => renderer.update(p),
      ...(csv ? { onRequest: (r) => csv?.write(r) } : {}),
    });
  } catch (err) {
    security.close();
    renderer.finish();
    await csv?.close().catch(() => undefined);
    if (err instanceof CatalogueUnavailableError) {
      io.stderr.write(`ordermesh ecom-sim: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
  security.close();
  renderer.finish();
  try {
    await csv?.close();
  } catch (err) {
    io.stderr.write(`ordermesh ecom-sim: writing --csv ${config.csvPath} failed: ${(err as Error).message}\n`);
  }
  io.stdout.write(config.json ? `${JSON.stringify(summary)}\n` : `\n${formatSummary(summary)}`);
  if (csv) (config.json ? io.stderr : io.stdout).write(`requests written to ${config.csvPath}\n`);
  return exitCodeOf(summary);
}

/**
 * `ordermesh ecom-sim`: places simulated shop orders through the gateway and reports how they
 * went. Exit status 0 when every acknowledged order reached a final state, 1 when one was lost
 * or stuck (or the target had no catalogue), 2 for bad flags, 130 when interrupted. SIGINT or
 * SIGTERM stops placing and prints the summary so far; a second one exits at once.
 * Thrown by: ConfigError for bad flags or environment (the CLI prints it and exits 2).
 */
export async function ecomSimMain(flags: EcomSimFlags): Promise<void> {
  const config = loadEcomSimConfig(flags);
  const telemetry = startTelemetry({ serviceName: 'ordermesh-ecom-sim', env: config.otelEnv });
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(1);
    process.stderr.write(`\nordermesh ecom-sim: ${name}: no new orders; paying the placed ones and summarising (again to quit now)\n`);
    stop.abort(new Error(`received ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.exitCode = await runEcomSim(config, { stdout: process.stdout, stderr: process.stderr }, stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await telemetry.shutdown().catch(() => undefined);
  }
}
