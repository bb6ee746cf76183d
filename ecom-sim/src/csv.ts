import { open, type FileHandle } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { RequestRecord } from './request-record.js';

/**
 * The columns of `--csv`, one row per request (docs/ecom-sim.md): the six the design asked for
 * first (order id, start time, rpc, latency, status code, node), then the idempotency key, the
 * attempt and the trace id.
 */
export const CSV_COLUMNS = ['order_id', 'start_time', 'rpc', 'latency_ms', 'status_code', 'node', 'request_id', 'attempt', 'trace_id'] as const;

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvEscape(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The header line, without a line break. */
export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

/** One request as a CSV line, without a line break; start_time in ISO 8601 UTC, latency in ms with µs precision. */
export function csvRow(r: RequestRecord): string {
  return [r.orderId, new Date(r.startedAt).toISOString(), r.rpc, r.latencyMs.toFixed(3), r.code, r.node, r.requestId, String(r.attempt), r.traceId]
    .map(csvEscape)
    .join(',');
}

/** A CSV file of requests being written: the header at once, then a row per {@link write}. */
export class CsvFile {
  private error: Error | undefined;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      this.error ??= err;
    });
  }

  /**
   * Creates (or truncates) `path` and writes the header.
   * Thrown by: the file system's error when the file cannot be opened for writing.
   */
  static async open(path: string): Promise<CsvFile> {
    const handle = await open(path, 'w');
    const file = new CsvFile(path, handle, handle.createWriteStream());
    file.stream.write(`${csvHeader()}\n`);
    return file;
  }

  /** Appends one row (buffered; never throws: a write error is reported by {@link close}). */
  write(record: RequestRecord): void {
    if (this.closed || this.error) return;
    this.stream.write(`${csvRow(record)}\n`);
  }

  /** Flushes and closes the file. Idempotent. Thrown by: the first write error, if any. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.stream.end();
      try {
        await finished(this.stream);
      } catch (err) {
        this.error ??= err as Error;
      }
      // The stream closes the handle itself when it ends; this is for the error paths.
      await this.handle.close().catch(() => undefined);
    }
    if (this.error) throw this.error;
  }
}
