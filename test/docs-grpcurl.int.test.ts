import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import { repoRoot } from '#lib/runtime/index.js';
import { waitFor } from '#lib/testing/index.js';
import { TestCluster } from './harness/index.js';
import {
  bufCurl,
  grpcurl,
  grpcurlCommandsOf,
  parseGrpcurlArgs,
  requireTool,
  shellArgs,
  type ClientAnswer,
  type GrpcurlCall,
} from './harness/real-clients.js';

/**
 * Every grpcurl line of docs/grpcurl.md and the README, run as a user pastes it, with the real
 * grpcurl and with `buf curl` (Go-protobuf clients, which resolve reflection descriptors strictly),
 * by server reflection alone, against a whole cluster (gateway, a node per region and two in HCM,
 * wms-sim). The documented addresses become the cluster's; each order id placeholder becomes an
 * order made for that line in the state the line needs; every answer is checked, not just the
 * exit code. Then the documented errors: each row of the cookbook's error table, whose status and
 * message (naming the field) must come through both clients as the table says.
 */

const ROOT = repoRoot();
const DOCS = ['docs/grpcurl.md', 'README.md'] as const;
type Client = 'grpcurl' | 'buf';

/** What a line's order must be before the line runs. */
type Need = 'none' | 'reserved' | 'paid';

function needOf(verb: string, data: string): Need {
  if (!/HCM-(01J)?\.\.\./.test(data)) return 'none';
  if (verb.endsWith('/ShipOrder') || verb.endsWith('/ReportShipment')) return 'paid';
  if (verb.endsWith('/CancelOrder') || verb.endsWith('/ConfirmPayment')) return 'reserved';
  return 'reserved';
}

describe('the grpcurl lines of the docs, with the real clients', { timeout: 600_000 }, () => {
  let cluster: TestCluster;
  let run = 0;

  before(async () => {
    // wms-sim picks and packs slowly here, so that an order paid for a ReportShipment line is still
    // FULFILLING when the line reports it shipped.
    cluster = await TestCluster.start({ nodesPerRegion: { HCM: 2, HN: 1, DN: 1 }, wmsSim: true, env: { ORDERMESH_WMS_PICK_DELAY_MS: '120000-180000', ORDERMESH_WMS_FAILURE_RATE: '0' } });
    // wms-sim seeds the catalogue (SKU-0001 ... at HCM-01, HN-01, DN-01) once it is serving.
    const gw = cluster.connect(cluster.gateway());
    await waitFor(async () => (await callUnary(gw.inventory, gw.inventory.GetStock, { warehouseId: 'HCM-01', skus: ['SKU-0007'] })).items.length === 1, {
      timeoutMs: 30_000,
      message: 'wms-sim to stock the catalogue',
    });
  });
  after(() => cluster?.stop());

  async function newOrder(need: Exclude<Need, 'none'>): Promise<Order__Output> {
    const gw = cluster.connect(cluster.gateway());
    const items = [{ sku: 'SKU-0001', quantity: 2 }];
    const order = entityOf(await callUnary(gw.orders, gw.orders.CreateOrder, { customerName: 'Docs', region: 'HCM', items }), 'order');
    assert.equal(order.status, 'ORDER_STATUS_RESERVED', `the docs' order was not reserved: ${order.reason}`);
    if (need === 'reserved') return order;
    const request = { orderId: order.orderId, paymentId: `docs-pay-${order.orderId}`, amountCents: order.totalCents, succeeded: true };
    return entityOf(await callUnary(gw.payments, gw.payments.ConfirmPayment, request), 'order');
  }

  /** The line as this cluster needs it: addresses, fresh ids, a real page token. */
  async function prepare(command: string, suffix: string): Promise<{ call: GrpcurlCall; order?: Order__Output }> {
    const node = cluster.nodes.get('hcm-1')!;
    const prelude = `G=${cluster.gateway()}`;
    let text = command
      .replaceAll('127.0.0.1:50051', cluster.gateway())
      .replaceAll('127.0.0.1:50061', `127.0.0.1:${node.port}`)
      .replaceAll('127.0.0.1:50071', cluster.wmsAddress);
    // Ids that must be new on every run (a payment or shipment id names one payment or shipment).
    text = text.replace(/"(request_id|payment_id|shipment_id)":"([^"]+)"/g, (_m, field: string, id: string) => `"${field}":"${id}-${suffix}"`);
    const call = parseGrpcurlArgs(shellArgs(text, prelude));
    let order: Order__Output | undefined;
    if (call.data !== undefined) {
      const need = needOf(call.verb, call.data);
      if (need !== 'none') {
        order = await newOrder(need);
        call.data = call.data.replaceAll(/HCM-(01J)?\.\.\./g, order.orderId).replace(/"amount_cents":\d+/, `"amount_cents":${order.totalCents}`);
        if (call.verb.endsWith('/ShipOrder')) call.data = call.data.replace(/"items":\[.*\]/s, `"items":${JSON.stringify(order.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unit_price_cents: i.unitPriceCents, line_total_cents: i.lineTotalCents })))}`);
      }
      if (call.data.includes('<next_page_token>')) {
        const gw = cluster.connect(cluster.gateway());
        const page = await callUnary(gw.orders, gw.orders.ListOrders, { pageSize: 1 });
        assert.ok(page.nextPageToken, 'a first page with a next page');
        call.data = call.data.replace('<next_page_token>', page.nextPageToken);
      }
    }
    return { call, ...(order ? { order } : {}) };
  }

  /** Checks the answer of a documented line: the status, and what the answer must hold. */
  function check(line: string, call: GrpcurlCall, answer: ClientAnswer, order: Order__Output | undefined): void {
    const where = `${line}\n→ exit ${answer.exitCode}, ${answer.code} ${answer.message}\n${answer.stdout.slice(0, 600)}${answer.stderr.slice(0, 600)}`;
    const streaming = call.verb.endsWith('/WatchAssignment') || call.verb.endsWith('/Watch');
    if (streaming) {
      // Stopped by -max-time / --timeout after the first messages: DEADLINE_EXCEEDED is the end of the stream here.
      assert.ok(answer.messages.length >= 1, `the stream sent nothing: ${where}`);
    } else {
      assert.equal(answer.code, 'OK', where);
    }
    const first = answer.messages[0] ?? {};
    const orderOf = () => (first.order ?? {}) as Record<string, unknown>;
    const method = call.verb.split('/')[1] ?? call.verb;
    switch (method) {
      case 'list':
        if (call.address === cluster.gateway()) assert.match(answer.stdout, /ordermesh\.v1\.OrderService/, where);
        assert.match(answer.stdout, /grpc\.health\.v1\.Health/, where);
        break;
      case 'describe':
        assert.match(answer.stdout, /is a (service|message)/, where);
        assert.match(answer.stdout, /\/\/ /, `describe shows the .proto comments: ${where}`);
        break;
      case 'CreateOrder':
        assert.equal(orderOf().status, 'ORDER_STATUS_RESERVED', where);
        assert.match(String(orderOf().orderId), /^HCM-[0-9A-Z]{26}$/, where);
        break;
      case 'GetOrder':
        assert.equal(orderOf().orderId, order?.orderId, where);
        break;
      case 'GetOrderHistory':
        assert.equal(orderOf().orderId, order?.orderId, where);
        assert.ok(Array.isArray(first.events) && first.events.length >= 1, where);
        break;
      case 'ListOrders':
        assert.ok(Array.isArray(first.orders) || Object.keys(first).length <= 1, where);
        break;
      case 'CancelOrder':
        assert.equal(orderOf().status, 'ORDER_STATUS_CANCELLED', where);
        break;
      case 'ConfirmPayment':
        assert.equal(orderOf().status, call.data?.includes('"succeeded":false') ? 'ORDER_STATUS_CANCELLED' : 'ORDER_STATUS_PAID', where);
        break;
      case 'ShipOrder':
        assert.equal(first.orderId, order?.orderId, where);
        assert.ok(first.shipmentId, where);
        break;
      case 'ReportShipment':
        assert.equal(orderOf().status, 'ORDER_STATUS_SHIPPED', where);
        break;
      case 'GetReport':
        assert.ok(first.report, where);
        break;
      case 'GetStock':
      case 'SetStock':
        assert.ok(Array.isArray(first.items) && first.items.length > 0, where);
        break;
      case 'GetAssignment':
        assert.ok(Number((first.assignment as Record<string, unknown> | undefined)?.epoch) >= 1, where);
        break;
      case 'WatchAssignment':
        assert.ok(first.assignment, where);
        break;
      case 'ListNodes':
        assert.equal((first.nodes as unknown[]).length, cluster.nodes.size, where);
        break;
      case 'DrainNode':
        assert.equal(first.state, 'NODE_STATE_DRAINING', where);
        break;
      case 'GetStats':
        assert.ok(first.stats, where);
        break;
      case 'GetStatus':
        assert.equal((first.status as Record<string, unknown>).nodeId, 'hcm-1', where);
        break;
      case 'Check':
      case 'Watch':
        assert.equal(first.status, 'SERVING', where);
        break;
      default:
        assert.fail(`no check for the documented line ${line}: add one`);
    }
  }

  const send = (client: Client, binary: string, call: GrpcurlCall): Promise<ClientAnswer> => (client === 'grpcurl' ? grpcurl(binary, call) : bufCurl(binary, call));

  for (const client of ['grpcurl', 'buf'] as const) {
    for (const doc of DOCS) {
      it(`should run every grpcurl line of ${doc} with ${client === 'buf' ? 'buf curl' : 'grpcurl'}`, async (t: TestContext) => {
        const binary = requireTool(t, client);
        if (!binary) return;
        const lines = grpcurlCommandsOf(readFileSync(join(ROOT, doc), 'utf8'));
        assert.ok(lines.length >= (doc === 'README.md' ? 8 : 20), `${doc} has its grpcurl lines (${lines.length})`);
        for (const line of lines) {
          const { call, order } = await prepare(line, `${client}-${++run}`);
          if (client === 'buf' && call.verb === 'describe') continue; // buf curl cannot describe; grpcurl's run covers it
          check(line, call, await send(client, binary, call), order);
        }
      });
    }
  }

  it('should describe every service and message of every server with grpcurl', async (t: TestContext) => {
    const binary = requireTool(t, 'grpcurl');
    if (!binary) return;
    const servers = { gateway: cluster.gateway(), node: `127.0.0.1:${cluster.nodes.get('hn-1')!.port}`, 'wms-sim': cluster.wmsAddress };
    for (const [name, address] of Object.entries(servers)) {
      const listed = await grpcurl(binary, { address, verb: 'list' });
      assert.equal(listed.code, 'OK', `${name}: ${listed.stderr}`);
      const services = listed.stdout.trim().split('\n');
      assert.ok(services.includes('grpc.health.v1.Health') && services.includes('grpc.reflection.v1.ServerReflection'), `${name} lists ${services.join(', ')}`);
      const messages = new Set<string>();
      for (const service of services) {
        const described = await grpcurl(binary, { address, verb: 'describe', symbol: service });
        assert.equal(described.code, 'OK', `${name} describe ${service}: ${described.stderr}`);
        for (const m of described.stdout.matchAll(/\( (?:stream )?\.([\w.]+) \)/g)) messages.add(m[1]!);
      }
      assert.ok(messages.size >= 4, `${name}: the methods name their messages (${[...messages].join(', ')})`);
      for (const message of messages) {
        const described = await grpcurl(binary, { address, verb: 'describe', symbol: message });
        assert.equal(described.code, 'OK', `${name} describe ${message}: ${described.stderr}`);
        assert.match(described.stdout, /is a message/);
      }
    }
  });

  it('should list every service of every server with buf curl', async (t: TestContext) => {
    const binary = requireTool(t, 'buf');
    if (!binary) return;
    const expected = {
      [cluster.gateway()]: ['ordermesh.v1.OrderService', 'ordermesh.v1.PaymentService', 'ordermesh.v1.InventoryService', 'ordermesh.v1.ControlPlaneService'],
      [`127.0.0.1:${cluster.nodes.get('dn-1')!.port}`]: ['ordermesh.v1.OrderService', 'ordermesh.v1.NodeService'],
      [cluster.wmsAddress]: ['ordermesh.v1.FulfillmentService'],
    };
    for (const [address, services] of Object.entries(expected)) {
      const answer = await bufCurl(binary, { address, verb: 'list' });
      assert.equal(answer.code, 'OK', answer.stderr);
      for (const s of [...services, 'grpc.health.v1.Health']) assert.ok(answer.stdout.split('\n').includes(s), `${address} lists ${s}: ${answer.stdout}`);
    }
  });

  /** The cookbook's error table: what you send → the status and message you get. */
  function errorTable(): Map<string, string> {
    const text = readFileSync(join(ROOT, 'docs/grpcurl.md'), 'utf8');
    const rows = new Map<string, string>();
    for (const m of text.matchAll(/^\| (.+?) \| `(\w+): (.+)` \|$/gm)) rows.set(m[1]!, `${m[2]}: ${m[3]}`);
    return rows;
  }

  for (const client of ['grpcurl', 'buf'] as const) {
    it(`should answer the documented errors with their status and field through ${client === 'buf' ? 'buf curl' : 'grpcurl'}`, async (t: TestContext) => {
      const binary = requireTool(t, client);
      if (!binary) return;
      const table = errorTable();
      const g = cluster.gateway();
      const shipped = await newOrder('paid');
      const gw = cluster.connect(g);
      await callUnary(gw.orders, gw.orders.ReportShipment, { orderId: shipped.orderId, shipmentId: `docs-shp-${shipped.orderId}`, status: 'ORDER_STATUS_SHIPPED' });
      const reserved = await newOrder('reserved');
      const paid = await newOrder('paid');
      const requestId = `docs-${client}-${Date.now()}`;
      await callUnary(gw.orders, gw.orders.CreateOrder, { requestId, customerName: 'Docs', region: 'HCM', items: [{ sku: 'SKU-0001', quantity: 1 }] });
      const create = (body: object) => ({ address: g, verb: 'ordermesh.v1.OrderService/CreateOrder', data: JSON.stringify({ customer_name: 'Docs', region: 'HCM', ...body }) });
      const cases: Record<string, GrpcurlCall> = {
        '`"region":"SG"`': create({ region: 'SG', items: [{ sku: 'SKU-0001', quantity: 1 }] }),
        '`"quantity":0`': create({ items: [{ sku: 'SKU-0001', quantity: 0 }] }),
        'the same sku twice': create({ items: [{ sku: 'SKU-0001', quantity: 1 }, { sku: 'SKU-0001', quantity: 1 }] }),
        '`"sku":"NOPE"`': create({ items: [{ sku: 'NOPE', quantity: 1 }] }),
        '`"order_id":"123"`': { address: g, verb: 'ordermesh.v1.OrderService/GetOrder', data: '{"order_id":"123"}' },
        'an id nobody made': { address: g, verb: 'ordermesh.v1.OrderService/GetOrder', data: '{"order_id":"HCM-01JD3F1X1R8N2C5T4M7Q9W0YZB"}' },
        'the wrong amount': {
          address: g,
          verb: 'ordermesh.v1.PaymentService/ConfirmPayment',
          data: JSON.stringify({ order_id: reserved.orderId, payment_id: `docs-wrong-${client}`, amount_cents: 500, succeeded: true }),
        },
        'a second payment for a paid order': {
          address: g,
          verb: 'ordermesh.v1.PaymentService/ConfirmPayment',
          data: JSON.stringify({ order_id: paid.orderId, payment_id: `pay-9-${client}`, amount_cents: Number(paid.totalCents), succeeded: true }),
        },
        'cancel a shipped order': { address: g, verb: 'ordermesh.v1.OrderService/CancelOrder', data: JSON.stringify({ order_id: shipped.orderId }) },
        'a reused request_id with other items': create({ request_id: requestId, items: [{ sku: 'SKU-0002', quantity: 1 }] }),
        'a page token from elsewhere': { address: g, verb: 'ordermesh.v1.OrderService/ListOrders', data: '{"page_token":"not-ours"}' },
      };
      for (const [row, call] of Object.entries(cases)) {
        const documented = table.get(row);
        assert.ok(documented, `docs/grpcurl.md's error table has the row ${row}`);
        const [codeName, message] = documented.split(/: (.*)/s) as [string, string];
        const answer = await send(client, binary, call);
        const where = `${row}: ${JSON.stringify(call.data)} → ${answer.code}: ${answer.message} ${answer.stderr.slice(0, 300)}`;
        assert.equal(answer.code, codeName.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), where);
        // The documented message up to its first placeholder (HCM-01J..., '...'), literally.
        const prefix = message.split(/HCM-01J\.\.\.|\.\.\.|\(|'/)[0]!;
        assert.ok(answer.message.startsWith(prefix), `${where}\n  expected the message to start with: ${prefix}`);
      }
    });
  }
});
