/**
 * `npm run screenshots`: regenerates the pictures of the web console in docs/console/ from a
 * real cluster (test/harness: etcd, Postgres, a control plane, four warehouse nodes, wms-sim)
 * with ecom-sim placing orders, one node drained and one killed, in headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { callUnary } from '#lib/grpc/index.js';
import { repoRoot, sleep } from '#lib/runtime/index.js';
import { launchChromium, spawnOrdermesh, TestCluster } from '../harness/index.js';

const OUT = join(repoRoot(), 'docs', 'console');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const say = (line: string): void => void process.stdout.write(`[screenshots] ${line}\n`);
  say('starting a cluster (HCM 2 nodes, HN 1, DN 1, wms-sim)');
  const cluster = await TestCluster.start({ nodesPerRegion: { HCM: 2, HN: 1, DN: 1 }, leaseTtlS: 2, wmsSim: true });
  const browser = await launchChromium();
  const sim = spawnOrdermesh('ecom-sim', ['ecom-sim', '--target', cluster.gateway(), '--rate', '25', '--duration', '60', '--concurrency', '8', '--payment-delay-ms', '10-200'], {});
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(cluster.consoleUrl());
    say('letting traffic fill the charts');
    await sleep(15_000);
    say('draining hn-1 from its button');
    await page.getByRole('button', { name: 'Drain hn-1' }).click();
    await page.getByText('hn-1 is DRAINING since epoch').waitFor({ timeout: 15_000 });
    say('killing hcm-2 (kill -9)');
    await cluster.killNode('hcm-2');
    await page.locator('tr[data-node-id="hcm-2"]').waitFor({ state: 'detached', timeout: 15_000 });
    await sleep(6_000);
    await page.screenshot({ path: join(OUT, 'overview.png'), fullPage: true });
    say(`wrote ${join(OUT, 'overview.png')}`);

    const gateway = cluster.connect(cluster.gateway());
    // A shipped order tells the whole story; any order will do when none has shipped yet.
    const { orders } = await callUnary(gateway.orders, gateway.orders.ListOrders, { pageSize: 200 }, { deadline: Date.now() + 10_000 });
    const shipped = orders.find((o) => o.status === 'ORDER_STATUS_SHIPPED') ?? orders[0];
    if (!shipped) throw new Error('no order was placed; did ecom-sim start?');
    await page.getByLabel('Order id').fill(shipped.orderId);
    await page.getByLabel('Order id').press('Enter');
    const article = page.locator(`article[data-order-id="${shipped.orderId}"]`);
    await article.waitFor({ timeout: 10_000 });
    await page.locator('#order-search').screenshot({ path: join(OUT, 'order.png') });
    say(`wrote ${join(OUT, 'order.png')}`);
  } finally {
    sim.kill('SIGTERM');
    await sim.exited;
    await browser.close();
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
