import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Options of {@link createRootLogger}. */
export interface RootLoggerOptions {
  /** The process's role, e.g. 'warehouse'; becomes the `service` field of every line. */
  service: string;
  /** pino level; default from ORDERMESH_LOG_LEVEL via config, else 'info'. */
  level?: string;
  /** Extra fields on every line (node id, region). */
  base?: Record<string, unknown>;
  /** Where lines go; default stdout. Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
}

/**
 * Makes the one root logger of a process: JSON lines with the service name, ISO time and, when
 * a span is active, its trace and span ids (the mixin is set by lib/telemetry).
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid, ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => logMixin(),
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

let logMixin: () => Record<string, unknown> = () => ({});

/**
 * Sets the function whose fields are merged into every log line (lib/telemetry uses it to add
 * trace_id and span_id), so logging does not import telemetry.
 */
export function setLogMixin(mixin: () => Record<string, unknown>): void {
  logMixin = mixin;
}

/** A logger that writes nothing, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
