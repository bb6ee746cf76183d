import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GhzConfigError, GhzDataError, UnsupportedTemplateActionError } from './errors.js';
import { callDataText, parseGhzConfig, requestJsonFor, requestMetadataFor } from './ghz-config.js';
import { ghzCallData, ghzWorkerId, renderGhzTemplate, type GhzMethod, type TemplateRandom } from './ghz-template.js';
import { fromProtoJson, jsonNameOf, type ProtoType } from './protojson.js';

const METHOD: GhzMethod = { fullyQualifiedName: 'ordermesh.v1.OrderService.CreateOrder', inputName: 'CreateOrderRequest', outputName: 'Order' };
const FIXED: TemplateRandom = { int: (min) => min, uuid: () => '00000000-0000-4000-8000-000000000000' };
const at = (n: number, worker = 'g0c0') => ghzCallData(METHOD, worker, n, new Date('2026-01-02T03:04:05.678Z'));

describe('renderGhzTemplate', () => {
  it('should fill in the call-data fields ghz documents', () => {
    const data = at(7);
    const out = renderGhzTemplate('{{.RequestNumber}}|{{ .WorkerID }}|{{.MethodName}}|{{.ServiceName}}|{{.InputName}}|{{.Timestamp}}|{{.TimestampUnix}}', data);
    assert.equal(out, '7|g0c0|CreateOrder|OrderService|CreateOrderRequest|2026-01-02T03:04:05Z|1767323045');
    assert.match(renderGhzTemplate('{{.UUID}}', data), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(renderGhzTemplate('{{.UUID}}', data), data.UUID, 'one UUID per request, the same in every action');
  });

  it("should run ghz's own functions with ghz's ranges", () => {
    assert.equal(renderGhzTemplate('SKU-00{{randomInt 10 21}}', at(0), FIXED), 'SKU-0010');
    assert.equal(renderGhzTemplate('{{randomInt -5 0}}', at(0), { ...FIXED, int: (min, max) => max - 1 }), '0', 'min < 0 counts as 0, max <= 0 as 1');
    assert.equal(renderGhzTemplate('{{randomString 8}}', at(0), FIXED), 'aaaaaaaa');
    assert.equal(renderGhzTemplate('{{newUUID}}', at(0), FIXED), FIXED.uuid());
    const lengths = new Set(Array.from({ length: 200 }, () => renderGhzTemplate('{{randomString 0}}', at(0)).length));
    assert.ok([...lengths].every((n) => n >= 2 && n <= 16), 'randomString 0 is 2 to 16 characters');
    for (let i = 0; i < 200; i++) {
      const n = Number(renderGhzTemplate('{{randomInt 10 21}}', at(0)));
      assert.ok(n >= 10 && n < 21, `${n} is in [10, 21)`);
    }
  });

  it('should refuse every action it does not reproduce', () => {
    for (const action of ['{{upper .UUID}}', '{{.Nope}}', '{{- .UUID}}', '{{.UUID -}}', '{{/* c */}}', '{{.UUID | quote}}', '{{randomInt 1}}', '{{randomString n}}', '{{.}}', '{{', '{{printf "%d" 1}}']) {
      assert.throws(() => renderGhzTemplate(`x${action}y`, at(0)), UnsupportedTemplateActionError, action);
    }
  });

  it('should prefix worker ids with the run name, as ghz does', () => {
    assert.equal(ghzWorkerId(3), 'g3c0');
    assert.equal(ghzWorkerId(3, 1, 'run'), 'run:g3c1');
  });
});

describe('requestJsonFor', () => {
  it('should send array data round-robin by request number, rendering each element', () => {
    const text = JSON.stringify([{ region: 'HCM', request_id: 'r-{{.RequestNumber}}' }, { region: 'HN', request_id: 'r-{{.RequestNumber}}' }]);
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => requestJsonFor(text, at(n), 'inline')),
      [
        { region: 'HCM', request_id: 'r-0' },
        { region: 'HN', request_id: 'r-1' },
        { region: 'HCM', request_id: 'r-2' },
        { region: 'HN', request_id: 'r-3' },
      ],
    );
  });

  it('should send a single message to every request', () => {
    assert.deepEqual(requestJsonFor('{"order_id":"A"}', at(5), 'inline'), { order_id: 'A' });
  });

  it('should refuse an array that does not start at the first character, as ghz would misread it', () => {
    assert.throws(() => requestJsonFor(' [{"order_id":"A"}]', at(0), 'file'), GhzDataError);
    assert.throws(() => requestJsonFor('[]', at(0), 'file'), GhzDataError);
  });
});

describe('parseGhzConfig', () => {
  const good = { call: 'ordermesh.v1.OrderService.GetOrder', host: '127.0.0.1:50051', insecure: true, total: 10, concurrency: 2, 'data-file': 'd.json' };

  it('should read a reflection config with a data file', () => {
    const config = parseGhzConfig(JSON.stringify(good), 'good');
    assert.equal(config.dataFile, 'd.json');
    assert.equal(config.proto, undefined);
    assert.equal(callDataText(config, '[{"order_id":"A"}]'), '[{"order_id":"A"}]');
  });

  it('should list every problem: unknown keys, a bad call, no data', () => {
    const bad = { call: 'GetOrder', host: '', total: 0, concurrency: 'x', concurency: 3 };
    const err = (() => {
      try {
        parseGhzConfig(JSON.stringify(bad), 'bad');
      } catch (e) {
        return e as GhzConfigError;
      }
      return undefined;
    })();
    assert.ok(err instanceof GhzConfigError);
    for (const key of ['concurency', 'call', 'host', 'total', 'concurrency', 'data or data-file']) {
      assert.ok(err.problems.some((p) => p.startsWith(`${key}:`)), `${key} in ${err.problems.join('; ')}`);
    }
  });

  it('should render metadata values per request', () => {
    const config = parseGhzConfig(JSON.stringify({ ...good, metadata: { 'x-run': 'req-{{.RequestNumber}}' } }), 'md');
    assert.deepEqual(requestMetadataFor(config, at(4)), { 'x-run': 'req-4' });
  });
});

describe('fromProtoJson', () => {
  const enumType = { values: { A: 0, B: 1 }, valuesById: { 0: 'A', 1: 'B' } };
  const item: ProtoType = {
    fullName: '.t.Item',
    name: 'Item',
    resolveAll: () => undefined,
    fieldsArray: [
      { name: 'sku', type: 'string', repeated: false, map: false, resolvedType: null },
      { name: 'quantity', type: 'int32', repeated: false, map: false, resolvedType: null },
    ],
  };
  const request: ProtoType = {
    fullName: '.t.Request',
    name: 'Request',
    resolveAll: () => undefined,
    fieldsArray: [
      { name: 'order_id', type: 'string', repeated: false, map: false, resolvedType: null },
      { name: 'amount_cents', type: 'int64', repeated: false, map: false, resolvedType: null },
      { name: 'succeeded', type: 'bool', repeated: false, map: false, resolvedType: null },
      { name: 'kind', type: 'K', repeated: false, map: false, resolvedType: enumType },
      { name: 'items', type: 'Item', repeated: true, map: false, resolvedType: item },
    ],
  };

  it('should take proto and JSON names, int64 as numbers or strings, enums by name or number', () => {
    assert.deepEqual(fromProtoJson(request, { orderId: 'A', amount_cents: 1250, succeeded: true, kind: 1, items: [{ sku: 'S', quantity: '2' }] }), {
      order_id: 'A',
      amount_cents: '1250',
      succeeded: true,
      kind: 'B',
      items: [{ sku: 'S', quantity: 2 }],
    });
    assert.deepEqual(fromProtoJson(request, { amount_cents: '99', kind: 'A', order_id: null }), { amount_cents: '99', kind: 'A' });
    assert.equal(jsonNameOf('line_total_cents'), 'lineTotalCents');
  });

  it('should refuse unknown fields and values of the wrong kind, naming the field', () => {
    assert.throws(() => fromProtoJson(request, { order: 'A' }), /order: is not a field of t.Request/);
    assert.throws(() => fromProtoJson(request, { amount_cents: 12.5 }), /amount_cents: must be a whole number/);
    assert.throws(() => fromProtoJson(request, { items: [{ sku: 5 }] }), /items\[0\]\.sku: must be a string/);
    assert.throws(() => fromProtoJson(request, { kind: 'C' }), /kind: must be one of A, B/);
    assert.throws(() => fromProtoJson(request, { order_id: 'A', orderId: 'B' }), /sets order_id a second time/);
  });
});
