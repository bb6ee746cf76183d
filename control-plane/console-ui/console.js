// The ordermesh web console: renders the control plane's snapshots (server-sent events from
// /api/events) without reloading, searches orders (/api/orders/{id}) and drains nodes
// (POST /api/nodes/{id}/drain). Plain DOM, no framework: the page is small and must stay fast.
// Every string from the server goes in as text (never as HTML).

/** Creates an element: el('td', { class: 'num' }, 'text', child). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    // Styles through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
    if (name === 'style') {
      Object.assign(node.style, value);
      continue;
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

const $ = (id) => document.getElementById(id);
const fmt = (n, digits = 1) => (n === null || n === undefined ? '–' : Number(n).toFixed(digits));
const pct = (share) => `${Math.round(share * 100)}%`;
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '–');
const dateTime = (iso) => (iso ? new Date(iso).toLocaleString([], { hour12: false }) : '–');

const HEALTH_CLASS = { SERVING: 'ok', DRAINING: 'warn', NOT_SERVING: 'bad', UNREACHABLE: 'bad' };
const STATE_CLASS = { ACTIVE: 'ok', DRAINING: 'warn', REGISTERED: 'warn' };

let latest;

// ---------------------------------------------------------------- regions and nodes

/** One region's card, kept across snapshots so that keyboard focus on its buttons survives updates. */
const regionCards = new Map();

function regionCard(region) {
  let card = regionCards.get(region);
  if (card) return card;
  const title = el('h3', { id: `region-${region}` }, `Region ${region}`);
  const servedBy = el('span', { class: 'served-by', 'data-field': 'served-by' });
  const tbody = el('tbody');
  const table = el(
    'table',
    { class: 'node-table', 'aria-labelledby': `region-${region}` },
    el('thead', {}, el('tr', {}, ['Node', 'State', 'Health', 'Lease left', 'Ring share', 'Load (calls)', ''].map((h) => el('th', { scope: 'col' }, h)))),
    tbody,
  );
  const root = el('article', { class: 'region', 'data-region': region }, el('header', {}, title, servedBy), el('div', { class: 'region-table-wrap' }, table));
  card = { root, servedBy, tbody, rows: new Map() };
  regionCards.set(region, card);
  return card;
}

function nodeRow(card, node) {
  let row = card.rows.get(node.nodeId);
  if (row) return row;
  const cells = {};
  const cell = (field, cls) => (cells[field] = el('td', { 'data-field': field, class: cls }));
  const drain = el('button', { type: 'button', class: 'danger', 'data-action': 'drain', 'aria-label': `Drain ${node.nodeId}` }, 'Drain');
  drain.addEventListener('click', () => drainNode(node.nodeId, drain));
  const tr = el(
    'tr',
    { 'data-node-id': node.nodeId },
    el('th', { scope: 'row' }, el('span', {}, node.nodeId), el('br'), el('small', { 'data-field': 'address' }, node.address)),
    cell('state'),
    cell('health'),
    cell('lease', 'num'),
    cell('share'),
    cell('load'),
    el('td', {}, drain),
  );
  row = { tr, cells, drain };
  card.rows.set(node.nodeId, row);
  return row;
}

function setBadge(td, text, cls) {
  if (td.dataset.value === text) return;
  td.dataset.value = text;
  td.replaceChildren(el('span', { class: `badge ${cls}` }, text));
}

function renderRegions(snapshot) {
  const container = $('regions');
  const regions = snapshot.regions.length ? snapshot.regions.map((r) => r.region) : [...new Set(snapshot.nodes.map((n) => n.region))];
  const wanted = new Set(regions);
  for (const [region, card] of regionCards) if (!wanted.has(region)) (card.root.remove(), regionCards.delete(region));
  for (const region of regions) {
    const card = regionCard(region);
    const info = snapshot.regions.find((r) => r.region === region);
    const servedBy = info?.servedBy;
    card.servedBy.textContent = !info ? '' : servedBy === region ? `serves its own orders (${info.members.length} active)` : servedBy ? `no live node: orders go to ${servedBy}` : 'no live node anywhere in its failover order';
    card.servedBy.classList.toggle('moved', Boolean(info) && servedBy !== region);
    card.servedBy.dataset.servedBy = servedBy ?? '';
    const nodes = snapshot.nodes.filter((n) => n.region === region);
    const ids = new Set(nodes.map((n) => n.nodeId));
    for (const [id, row] of card.rows) if (!ids.has(id)) (row.tr.remove(), card.rows.delete(id));
    nodes.forEach((node, i) => {
      const row = nodeRow(card, node);
      if (card.tbody.children[i] !== row.tr) card.tbody.insertBefore(row.tr, card.tbody.children[i] ?? null);
      const c = row.cells;
      setBadge(c.state, node.state, STATE_CLASS[node.state] ?? 'warn');
      setBadge(c.health, node.health + (node.dbHealthy === false ? ' (db down)' : ''), HEALTH_CLASS[node.health] ?? 'bad');
      c.lease.textContent = node.leaseLeftS === null ? '–' : `${node.leaseLeftS} s of ${node.leaseTtlS} s`;
      c.share.dataset.share = String(node.ringShare);
      c.share.replaceChildren(el('span', { class: 'share' }, el('span', { class: 'share-bar', 'aria-hidden': 'true' }, el('span', { style: { width: pct(node.ringShare) } })), pct(node.ringShare)));
      c.load.textContent = node.load ? `${node.load.inFlight} in flight, ${fmt(node.load.ratePerS)}/s, p50 ${fmt(node.load.p50Ms)} / p99 ${fmt(node.load.p99Ms)} ms` : 'no report';
      row.drain.disabled = node.state !== 'ACTIVE' || row.draining === true;
    });
    if (!card.root.isConnected) container.append(card.root);
  }
}

async function drainNode(nodeId, button) {
  if (!window.confirm(`Drain ${nodeId}? Its share of the ring moves to its neighbours; it serves in-flight calls and then owns nothing.`)) return;
  const notice = $('drain-result');
  button.disabled = true;
  notice.className = 'notice';
  notice.textContent = `Draining ${nodeId}…`;
  try {
    const res = await fetch(`/api/nodes/${encodeURIComponent(nodeId)}/drain`, { method: 'POST', headers: { 'x-ordermesh-console': 'drain' } });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    notice.textContent = `${nodeId} is DRAINING since epoch ${body.epoch}.`;
  } catch (err) {
    notice.className = 'notice error';
    notice.textContent = `Could not drain ${nodeId}: ${err.message}`;
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- traffic

/** Draws one or more series as lines over a shared y scale, with the latest values in the label. */
function drawChart(target, at, series, unit) {
  const width = 400, height = 120, left = 34, bottom = 14, top = 6;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const niceMax = niceCeil(max);
  const span = Math.max(1, (at.at(-1) ?? 0) - (at[0] ?? 0));
  const x = (t) => left + ((t - at[0]) / span) * (width - left - 4);
  const y = (v) => top + (1 - v / niceMax) * (height - top - bottom);
  const nodes = [];
  for (const f of [0, 0.5, 1]) {
    nodes.push(svg('line', { class: 'grid', x1: left, x2: width, y1: y(niceMax * f), y2: y(niceMax * f) }));
    const label = svg('text', { class: 'axis', x: left - 4, y: y(niceMax * f) + 3, 'text-anchor': 'end' });
    label.textContent = formatAxis(niceMax * f);
    nodes.push(label);
  }
  for (const s of series) {
    if (s.values.length < 2) continue;
    const points = s.values.map((v, i) => `${x(at[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    nodes.push(svg('polyline', { class: `line ${s.cls}`, points }));
  }
  target.replaceChildren(...nodes);
  const now = series.map((s) => `${s.name} ${fmt(s.values.at(-1) ?? 0)} ${unit}`).join(', ');
  target.setAttribute('aria-label', `${target.dataset.title ?? ''} now ${now}`);
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((c) => c >= v) ?? v;
}
const formatAxis = (v) => (v >= 1000 ? `${(v / 1000).toFixed(v % 1000 ? 1 : 0)}k` : v >= 10 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, ''));

function renderTraffic(snapshot) {
  const t = snapshot.traffic;
  const rate = $('chart-rate');
  rate.dataset.title = 'Throughput';
  drawChart(rate, t.at, [{ name: 'throughput', cls: 'rate', values: t.ratePerS }], 'calls/s');
  const latency = $('chart-latency');
  latency.dataset.title = 'Latency';
  drawChart(latency, t.at, [{ name: 'p50', cls: 'p50', values: t.p50Ms }, { name: 'p99', cls: 'p99', values: t.p99Ms }], 'ms');
  const rows = snapshot.rpcs.map((r) =>
    el(
      'tr',
      { 'data-rpc': r.method },
      el('th', { scope: 'row' }, r.method.replace(/^\/ordermesh\.v1\./, '')),
      el('td', { class: 'num' }, fmt(r.ratePerS)),
      el('td', { class: 'num' }, fmt(r.p50Ms)),
      el('td', { class: 'num' }, fmt(r.p99Ms)),
      el('td', { class: 'num' }, r.inFlight),
      el('td', { class: 'num' }, r.served),
      el('td', { class: 'num' }, r.failed),
    ),
  );
  $('rpcs').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 7 }, 'No calls yet.'))]));
}

// ---------------------------------------------------------------- orders by status, epochs

const STATUS_ORDER = ['RESERVED', 'PAID', 'FULFILLING', 'SHIPPED', 'CANCELLED', 'REJECTED'];

function renderOrders(snapshot) {
  const counts = snapshot.ordersByStatus;
  $('orders-counted').textContent = counts ? `Every order in the database, counted at ${time(snapshot.ordersCountedAt)}` : 'Not counted yet';
  if (!counts) return;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const statuses = [...STATUS_ORDER.filter((s) => s in counts), ...Object.keys(counts).filter((s) => !STATUS_ORDER.includes(s))];
  $('orders-by-status').tBodies[0].replaceChildren(
    ...statuses.map((s) =>
      el('tr', { 'data-status': s }, el('th', { scope: 'row' }, s), el('td', { class: 'num' }, counts[s]), el('td', {}, el('span', { class: 'bar', style: { width: `${total ? Math.max(1, Math.round((counts[s] / total) * 200)) : 0}px` }, 'aria-hidden': 'true' }), ` ${total ? Math.round((counts[s] / total) * 100) : 0}%`)),
    ),
  );
}

const CHANGE_WORDS = { joined: 'joined', 'failed-over': 'FAILED OVER (lease expired)', drained: 'drained', left: 'left after draining', reactivated: 'active again' };

function renderEpochs(snapshot) {
  $('epochs').replaceChildren(
    ...snapshot.epochs.map((e) =>
      el(
        'li',
        { class: e.failover ? 'failover' : undefined, 'data-epoch': e.epoch },
        e.failover ? el('span', { class: 'badge bad' }, 'FAILOVER') : null,
        e.failover ? ' ' : null,
        el('strong', {}, `Epoch ${e.epoch}`),
        ` at ${time(e.publishedAt)} by ${e.leader}: `,
        e.changes.length ? e.changes.map((c) => `${c.nodeId} ${CHANGE_WORDS[c.kind] ?? c.kind}`).join('; ') : 'no node changed',
        '. Members: ',
        Object.entries(e.members).map(([r, m]) => `${r} ${m.length ? m.join(', ') : 'none'}`).join(' · '),
      ),
    ),
  );
}

function render(snapshot) {
  latest = snapshot;
  $('epoch').textContent = snapshot.ready ? String(snapshot.epoch) : 'none yet';
  $('leader').textContent = snapshot.leader || '–';
  $('replica').textContent = snapshot.replicaId;
  $('outbox').textContent = snapshot.outboxBacklog === null ? 'unknown' : `${snapshot.outboxBacklog} undelivered`;
  renderRegions(snapshot);
  renderTraffic(snapshot);
  renderOrders(snapshot);
  renderEpochs(snapshot);
  document.body.dataset.snapshotAt = snapshot.at;
}

// ---------------------------------------------------------------- order search

async function searchOrder(orderId) {
  const out = $('order-result');
  out.replaceChildren(el('p', {}, `Looking up ${orderId}…`));
  try {
    const res = await fetch(`/api/orders/${encodeURIComponent(orderId)}`);
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    out.replaceChildren(orderDetails(body));
    history.replaceState(null, '', `#order=${encodeURIComponent(orderId)}`);
  } catch (err) {
    out.replaceChildren(el('p', { class: 'notice error', role: 'alert' }, err.message));
  }
}

function orderDetails(o) {
  const money = (cents) => (cents / 100).toFixed(2);
  const facts = [
    ['Status', el('span', { 'data-field': 'order-status' }, o.status)],
    ['Customer', o.customerName],
    ['Region', o.region],
    ['Warehouse', o.warehouseId || '–'],
    ['Last changed by', o.nodeId || '–'],
    ['Total', money(o.totalCents)],
    ['Items', o.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ') || '–'],
    ['Payment', o.paymentId || '–'],
    ['Shipment', o.shipmentId || '–'],
    ['Trace', o.traceUrl ? el('a', { href: o.traceUrl, target: '_blank', rel: 'noopener noreferrer' }, `Open trace ${o.traceId.slice(0, 12)}… in Jaeger`) : 'not traced'],
  ];
  if (o.reason) facts.splice(1, 0, ['Reason', o.reason]);
  return el(
    'article',
    { 'aria-labelledby': 'order-title', 'data-order-id': o.orderId },
    el('h3', { id: 'order-title' }, `Order ${o.orderId}`),
    el('dl', { class: 'order-facts' }, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el(
      'table',
      { id: 'order-history' },
      el('caption', {}, 'History, oldest first'),
      el('thead', {}, el('tr', {}, ['When', 'Status', 'Node', 'Detail'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, o.history.map((h) => el('tr', { 'data-step': h.what }, el('td', {}, h.at ? dateTime(h.at) : 'time not recorded'), el('th', { scope: 'row' }, h.what), el('td', {}, h.nodeId ?? '–'), el('td', {}, h.detail || '')))),
    ),
  );
}

// ---------------------------------------------------------------- live updates

function connect() {
  const status = $('connection');
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    status.className = 'connection live';
    status.textContent = 'Live';
  });
  events.addEventListener('snapshot', (e) => render(JSON.parse(e.data)));
  events.addEventListener('error', () => {
    // EventSource reconnects by itself (the server asks for one second).
    status.className = 'connection down';
    status.textContent = 'Disconnected, reconnecting…';
  });
}

function init() {
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $('order-id').value.trim();
    if (id) void searchOrder(id);
  });
  const fromHash = /^#order=(.+)$/.exec(location.hash);
  if (fromHash) {
    $('order-id').value = decodeURIComponent(fromHash[1]);
    void searchOrder($('order-id').value);
  }
  connect();
}

// Module scripts run once the document is parsed; the check covers being loaded otherwise.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, { once: true });
else init();
