import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CSV_COLUMNS, CsvFile, csvEscape, csvHeader, csvRow } from './csv.js';
import type { RequestRecord } from './request-record.js';

const record: RequestRecord = {
  orderId: 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB',
  requestId: 'ecom-ab12-7',
  startedAt: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
  rpc: 'ConfirmPayment',
  latencyMs: 12.34567,
  code: 'OK',
  node: 'hcm-1',
  attempt: 2,
  traceId: '0af7651916cd43dd8448eb211c80319c',
};

describe('csv', () => {
  it('should start with the six columns of the design (docs/ecom-sim.md), then the extras', () => {
    assert.deepEqual(CSV_COLUMNS.slice(0, 6), ['order_id', 'start_time', 'rpc', 'latency_ms', 'status_code', 'node']);
    assert.equal(csvHeader(), 'order_id,start_time,rpc,latency_ms,status_code,node,request_id,attempt,trace_id');
  });

  it('should write a request as one row: ISO start time, latency in ms with three decimals', () => {
    assert.equal(csvRow(record), 'HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB,2025-01-02T03:04:05.678Z,ConfirmPayment,12.346,OK,hcm-1,ecom-ab12-7,2,0af7651916cd43dd8448eb211c80319c');
    assert.equal(csvRow({ ...record, orderId: '', code: 'UNAVAILABLE', node: '' }).split(',').length, CSV_COLUMNS.length);
  });

  it('should quote fields with commas, quotes or line breaks', () => {
    assert.equal(csvEscape('plain'), 'plain');
    assert.equal(csvEscape('a,b'), '"a,b"');
    assert.equal(csvEscape('say "hi"'), '"say ""hi"""');
    assert.equal(csvEscape('two\nlines'), '"two\nlines"');
  });

  it('should write the header and one line per row to a file, and refuse a path it cannot create', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ecom-sim-csv-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'requests.csv');
    const file = await CsvFile.open(path);
    file.write(record);
    file.write({ ...record, rpc: 'GetOrder', attempt: 1 });
    await file.close();
    await file.close();
    const lines = (await readFile(path, 'utf8')).split('\n');
    assert.deepEqual(lines, [csvHeader(), csvRow(record), csvRow({ ...record, rpc: 'GetOrder', attempt: 1 }), '']);
    await assert.rejects(CsvFile.open(join(dir, 'missing', 'x.csv')), { code: 'ENOENT' });
  });
});
