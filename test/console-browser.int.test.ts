import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { callUnary, entityOf } from '#lib/grpc/index.js';
import { sleep } from '#lib/runtime/index.js';
import { launchChromium, TestCluster } from './harness/index.js';

const LEASE_TTL_S = 2;
const JAEGER_UI = 'http://jaeger.example:16686';

// The page's globals, as far as the functions Playwright runs in the page use them (this
// project's TypeScript has no DOM types). Strings would not do: the console's
// Content-Security-Policy forbids eval, which Playwright would need for them.
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> & { length: number } };

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * The WCAG 2 A and AA rules axe-core finds broken on the page as it is now (labels, names,
 * contrast, landmarks, ...). axe runs inside the page, injected over the DevTools protocol (the
 * page's CSP would refuse it as a script).
 */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }).then((r) => r.violations)`);
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The text of a node row's cell, e.g. cell(page, 'hn-1', 'state') → 'ACTIVE'. */
async function cell(page: Page, nodeId: string, field: string): Promise<string> {
  return (await page.locator(`tr[data-node-id="${nodeId}"] [data-field="${field}"]`).innerText()).trim();
}

describe('the web console, in headless Chromium against a real cluster', { timeout: 240_000 }, () => {
  let cluster: TestCluster;
  let browser: Browser;
  let page: Page;

  before(async () => {
    [cluster, browser] = await Promise.all([TestCluster.start({ leaseTtlS: LEASE_TTL_S, env: { ORDERMESH_JAEGER_UI_URL: JAEGER_UI } }), launchChromium()]);
    await cluster.seedStock(['C1', 'C2']);
    page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(cluster.consoleUrl());
    // Set once: still there at the end means the page never reloaded.
    await page.evaluate('window.loadedOnce = true');
  });
  after(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('should load with the three nodes, each ACTIVE, SERVING and owning its whole region', async () => {
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('tr[data-node-id]').length === 3 && [...document.querySelectorAll('[data-field="health"]')].every((c) => c.textContent === 'SERVING'), undefined, { timeout: 15_000 });
    const ids = await page.locator('tr[data-node-id]').evaluateAll((rows: PageElement[]) => rows.map((r) => r.getAttribute('data-node-id')));
    assert.deepEqual(ids.sort(), ['dn-1', 'hcm-1', 'hn-1']);
    for (const id of ['hcm-1', 'hn-1', 'dn-1']) {
      assert.equal(await cell(page, id, 'state'), 'ACTIVE');
      assert.equal(await cell(page, id, 'share'), '100%');
      assert.match(await cell(page, id, 'lease'), new RegExp(`^\\d+ s of ${LEASE_TTL_S} s$`));
    }
    assert.equal(await page.locator('[data-region="HN"] [data-field="served-by"]').getAttribute('data-served-by'), 'HN');
    assert.notEqual(await page.locator('#epoch').innerText(), 'none yet');
    assert.deepEqual(await accessibilityViolations(page), [], 'no WCAG 2 A/AA violation');
  });

  it('should find an order placed by grpc, with its history, payment and a link to its trace', async () => {
    const gateway = cluster.connect(cluster.gateway());
    const deadline = () => ({ deadline: Date.now() + 10_000 });
    const created = entityOf(await callUnary(gateway.orders, gateway.orders.CreateOrder, { customerName: 'Lan', region: 'HCM', items: [{ sku: 'C1', quantity: 2 }] }, deadline()), 'order');
    const paid = entityOf(
      await callUnary(gateway.payments, gateway.payments.ConfirmPayment, { orderId: created.orderId, paymentId: 'pay-console-1', amountCents: created.totalCents, succeeded: true }, deadline()),
      'order',
    );
    assert.equal(paid.status, 'ORDER_STATUS_PAID');

    await page.getByLabel('Order id').fill(created.orderId);
    await page.getByLabel('Order id').press('Enter');
    const result = page.locator(`article[data-order-id="${created.orderId}"]`);
    await result.waitFor({ timeout: 10_000 });
    const steps = await result.locator('#order-history tbody tr').evaluateAll((rows: PageElement[]) => rows.map((r) => r.getAttribute('data-step')));
    assert.deepEqual(steps.slice(0, 2), ['RESERVED', 'PAID']);
    assert.match(await result.innerText(), /pay-console-1/);
    assert.match(await result.locator('tr[data-step="PAID"]').innerText(), /hcm-1/, 'the node that made the last change');
    assert.ok(paid.traceId, 'the order has a trace id');
    assert.equal(await result.getByRole('link', { name: /Open trace/ }).getAttribute('href'), `${JAEGER_UI}/trace/${paid.traceId}`);

    // The traffic table shows the calls that went through the gateway, without a reload.
    await page.locator('tr[data-rpc="/ordermesh.v1.OrderService/CreateOrder"]').waitFor({ timeout: 10_000 });

    await page.getByLabel('Order id').fill('HCM-not-an-order');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').waitFor({ timeout: 10_000 });
    assert.match(await page.getByRole('alert').innerText(), /order_id/);
  });

  it('should pass axe-core\'s WCAG 2 A/AA checks with an order shown', async () => {
    const gateway = cluster.connect(cluster.gateway());
    const order = entityOf(await callUnary(gateway.orders, gateway.orders.CreateOrder, { customerName: 'Minh', region: 'DN', items: [{ sku: 'C2', quantity: 1 }] }, { deadline: Date.now() + 10_000 }), 'order');
    await page.getByLabel('Order id').fill(order.orderId);
    await page.getByLabel('Order id').press('Enter');
    await page.locator(`article[data-order-id="${order.orderId}"]`).waitFor({ timeout: 10_000 });
    assert.deepEqual(await accessibilityViolations(page), [], 'no WCAG 2 A/AA violation');
  });

  it('should drain a node from its button: it turns DRAINING and its region moves to the failover region', async () => {
    const epochBefore = Number(await page.locator('#epoch').innerText());
    // By keyboard: rows are updated in place every second, so the focus stays on the button.
    await page.getByRole('button', { name: 'Drain hn-1' }).focus();
    await sleep(1_500);
    assert.equal(await page.evaluate('document.activeElement?.getAttribute("aria-label")'), 'Drain hn-1', 'focus survives live updates');
    await page.keyboard.press('Enter');
    await page.getByText('hn-1 is DRAINING since epoch').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('tr[data-node-id="hn-1"] [data-field="state"]')?.textContent === 'DRAINING', undefined, { timeout: 10_000 });
    assert.equal(await cell(page, 'hn-1', 'share'), '0%');
    assert.ok(await page.getByRole('button', { name: 'Drain hn-1' }).isDisabled(), 'a draining node cannot be drained again');
    // HN fails over to DN first.
    await page.waitForFunction(() => document.querySelector('[data-region="HN"] [data-field="served-by"]')?.getAttribute('data-served-by') === 'DN', undefined, { timeout: 10_000 });
    assert.ok(Number(await page.locator('#epoch').innerText()) > epochBefore);
    const assignment = await cluster.assignment();
    assert.equal(assignment?.nodes.find((n) => n.nodeId === 'hn-1')?.state, 'DRAINING', 'the drain reached the published assignment');
  });

  it('should show a kill -9ed node leaving within the lease TTL + 2 s and its region moving, without a reload', async (t) => {
    const killedAt = Date.now();
    await cluster.killNode('dn-1');
    // Bounded by what the issue promises operators: the lease TTL plus two seconds.
    const bound = () => Math.max(1, killedAt + LEASE_TTL_S * 1000 + 2000 - Date.now());
    await page.waitForFunction(() => document.querySelector('tr[data-node-id="dn-1"]') === null, undefined, { timeout: bound() });
    t.diagnostic(`dn-1 left the page ${Date.now() - killedAt} ms after kill -9 (lease TTL ${LEASE_TTL_S} s)`);
    // DN fails over to HCM; HN (drained) now also goes to HCM.
    await page.waitForFunction(
      () => ['DN', 'HN'].every((r) => document.querySelector(`[data-region="${r}"] [data-field="served-by"]`)?.getAttribute('data-served-by') === 'HCM'),
      undefined,
      { timeout: bound() },
    );
    const failover = page.locator('#epochs li.failover').first();
    await failover.waitFor({ timeout: 5_000 });
    assert.match(await failover.innerText(), /dn-1 FAILED OVER/);
    assert.equal(await page.evaluate('window.loadedOnce'), true, 'the page was never reloaded');
  });
});
