import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callUnary, checkHealth, type OrdermeshClients } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { freePort, waitFor, withDeadline } from '#lib/testing/index.js';
import { calls, startTestWarehouse, placePaidOrder } from '#test/support/index.js';
import { unitPriceCents } from './catalogue.js';
import { CatalogueRejectedError } from './errors.js';
import { WmsSim } from './wms-sim.js';
import { startTestWmsSim, testWmsSimConfig } from './testing/test-wms-sim.js';

const WAREHOUSES = ['HCM-01', 'HCM-02', 'HN-01', 'DN-01'];

/** Every stock level of the database, as [warehouse, sku, on_hand, shipped, price], by warehouse then sku. */
async function allStock(clients: OrdermeshClients): Promise<Array<[string, string, number, number, number]>> {
  const out: Array<[string, string, number, number, number]> = [];
  let pageToken = '';
  do {
    const page = await callUnary(clients.inventory, clients.inventory.GetStock, { warehouseId: '', skus: [], pageSize: 5, pageToken }, { deadline: Date.now() + 10_000 });
    out.push(...page.items.map((l): [string, string, number, number, number] => [l.warehouseId, l.sku, l.onHand, l.shipped, l.unitPriceCents]));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

describe('wms-sim catalogue and restocking against a real warehouse node', { timeout: 120_000 }, () => {
  it('should wait for the gateway, then stock every sku at every warehouse and turn SERVING', () =>
    withDeadline(60_000, async () => {
      const port = await freePort();
      const wms = await startTestWmsSim(`127.0.0.1:${port}`, { skuCount: 3 });
      let wh: Awaited<ReturnType<typeof startTestWarehouse>> | undefined;
      try {
        // Nothing listens at the gateway address yet: wms-sim serves FulfillmentService but is not ready.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(await checkHealth(wms.address), 'NOT_SERVING');
        wh = await startTestWarehouse({ port });
        await waitFor(async () => (await checkHealth(wms.address)) === 'SERVING', { timeoutMs: 20_000, message: 'wms-sim SERVING' });

        const stock = await allStock(wh.clients);
        const expected = WAREHOUSES.flatMap((w) => ['SKU-0001', 'SKU-0002', 'SKU-0003'].map((sku): [string, string, number, number, number] => [w, sku, 500, 0, unitPriceCents(42, w, sku)]));
        assert.deepEqual(
          stock.sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`)),
          expected.sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`)),
        );
        // Prices differ a little between warehouses.
        assert.ok(new Set(stock.filter((s) => s[1] === 'SKU-0001').map((s) => s[4])).size > 1);
        const report = await wms.report();
        assert.equal(report.stockAdded.length, 12);
        assert.ok(report.stockAdded.every((s) => s.units === 500));
      } finally {
        await wms.stop();
        await wh?.stop();
      }
    }));

  it('should not reset stock when started again against the same database, adding only new skus', () =>
    withDeadline(60_000, async () => {
      const wh = await startTestWarehouse();
      try {
        const api = calls(wh.clients);
        const first = await startTestWmsSim(wh.address, { skuCount: 3 });
        await first.sim.stocked;
        // Orders change the stock: 3 units ship, 4 more are reserved; a price changes.
        const shipped = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 3 }]);
        await api.reportShipment(shipped.orderId, 'ship-by-hand');
        await placePaidOrder(wh.clients, [{ sku: 'SKU-0002', quantity: 4 }]);
        await api.setStock({ warehouseId: 'HCM-01', mode: 'STOCK_UPDATE_MODE_ADD', items: [{ sku: 'SKU-0003', onHand: 0, unitPriceCents: 777 }] });
        const before = await allStock(wh.clients);
        await first.stop();

        const second = await startTestWmsSim(wh.address, { skuCount: 4 });
        try {
          await second.sim.stocked;
          const after = await allStock(wh.clients);
          // Every level the first run made is untouched; only SKU-0004 is new, at every warehouse.
          assert.deepEqual(
            after.filter((s) => s[1] !== 'SKU-0004'),
            before,
          );
          assert.deepEqual(
            after.filter((s) => s[1] === 'SKU-0004').map((s) => [s[0], s[2]]),
            [...WAREHOUSES].sort().map((w) => [w, 500]),
          );
          const levelHcm = (await api.getStock('HCM-01', ['SKU-0001', 'SKU-0002'])).items;
          assert.deepEqual(
            levelHcm.map((l) => [l.sku, l.onHand, l.reserved, l.shipped]),
            [
              ['SKU-0001', 497, 0, 3],
              ['SKU-0002', 500, 4, 0],
            ],
          );
          const report = await second.report();
          assert.deepEqual(
            report.stockAdded.map((s) => [s.warehouseId, s.sku, s.units]),
            [...WAREHOUSES].sort().map((w) => [w, 'SKU-0004', 500]),
          );
        } finally {
          await second.stop();
        }
      } finally {
        await wh.stop();
      }
    }));

  it('should restock a sku that fell below the threshold, and record what it added', () =>
    withDeadline(60_000, async () => {
      const wh = await startTestWarehouse();
      const wms = await startTestWmsSim(wh.address, { skuCount: 2, restockIntervalMs: 100, restockBelow: 100, restockUnits: 300 });
      try {
        const api = calls(wh.clients);
        await wms.sim.stocked;
        // 450 of the 500 units reserved at HCM-01 (the home region's first warehouse): 50 available.
        const order = await placePaidOrder(wh.clients, [{ sku: 'SKU-0001', quantity: 450 }]);
        assert.equal(order.warehouseId, 'HCM-01');
        const level = await waitFor(
          async () => {
            const l = (await api.getStock('HCM-01', ['SKU-0001'])).items[0];
            return l && l.onHand > 500 && l;
          },
          { timeoutMs: 15_000, message: 'HCM-01 SKU-0001 restocked' },
        );
        assert.equal(level.onHand, 800);
        assert.equal(level.available, 350);
        await waitFor(async () => (await wms.report()).stockAdded.find((s) => s.warehouseId === 'HCM-01' && s.sku === 'SKU-0001')?.units === 800, {
          timeoutMs: 5_000,
          message: 'restock recorded',
        });
        // A few more rounds: nothing else is below the threshold, so nothing else is added, and
        // what wms-sim recorded matches what every warehouse received (on_hand + shipped).
        await new Promise((resolve) => setTimeout(resolve, 500));
        const report = await wms.report();
        const received = new Map((await allStock(wh.clients)).map((s) => [`${s[0]}/${s[1]}`, s[2] + s[3]]));
        assert.equal(report.stockAdded.length, received.size);
        for (const added of report.stockAdded) assert.equal(added.units, received.get(`${added.warehouseId}/${added.sku}`), `${added.warehouseId}/${added.sku}`);
        assert.equal(report.stockAdded.filter((s) => s.units !== 500).length, 1);
      } finally {
        await wms.stop();
        await wh.stop();
      }
    }));

  it('should stop with CatalogueRejectedError when the gateway refuses a configured warehouse', () =>
    withDeadline(30_000, async () => {
      const wh = await startTestWarehouse();
      try {
        // XX is not a region of the topology: INVALID_ARGUMENT, which no retry changes.
        const sim = new WmsSim(testWmsSimConfig(wh.address, { warehouses: ['XX-01'] }), silentLogger());
        await assert.rejects(sim.start(new AbortController().signal), (err: unknown) => {
          assert.ok(err instanceof CatalogueRejectedError, String(err));
          assert.equal(err.warehouseId, 'XX-01');
          assert.match(err.message, /warehouse_id/);
          return true;
        });
      } finally {
        await wh.stop();
      }
    }));
});
