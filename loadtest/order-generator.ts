import * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadCatalogue, type Catalogue } from '#ecom-sim/src/index.js';
import { callUnary, connectOrdermesh, entityOf, type OrdermeshClients } from '#lib/grpc/index.js';
import type { Order__Output } from '#lib/proto/index.js';
import { backoffDelayMs, sleep } from '#lib/runtime/index.js';
import { OrderGenerationError } from './errors.js';

/** The ghz runs the generator makes data for. */
export type GeneratedRpc = 'GetOrder' | 'ConfirmPayment';
export const GENERATED_RPCS: readonly GeneratedRpc[] = ['GetOrder', 'ConfirmPayment'];

/** One GetOrder request, as ghz reads it (protojson, proto field names). */
export interface GetOrderRequestJson {
  order_id: string;
}

/** One ConfirmPayment request paying one order exactly, as ghz reads it. */
export interface ConfirmPaymentRequestJson {
  order_id: string;
  payment_id: string;
  /** The order's total_cents (a JSON number: protojson takes numbers or strings for int64). */
  amount_cents: number;
  succeeded: true;
}

export type GeneratedRequest = GetOrderRequestJson | ConfirmPaymentRequestJson;

/** Counts so far, for a progress line. */
export interface GenerationProgress {
  wanted: number;
  /** Requests made so far (orders usable for the run). */
  kept: number;
  /** CreateOrder calls answered. */
  created: number;
  /** Orders answered REJECTED (no warehouse had the stock); unusable for ConfirmPayment. */
  rejected: number;
  /** Calls that failed for good, retries included in one. */
  failed: number;
}

/** Options of {@link generateOrders}. */
export interface GenerateOrdersOptions {
  /** The gateway (or a warehouse node), host:port. */
  target: string;
  /** Requests to make: distinct orders, each used by one request of the data file. */
  count: number;
  rpc: GeneratedRpc;
  /** CreateOrder calls in flight at once; default 8. */
  concurrency?: number;
  /** Deadline of each call; default 10 000 ms. */
  callTimeoutMs?: number;
  /** How long to wait for a non-empty catalogue (the cluster may be starting); default 30 000 ms. */
  catalogueTimeoutMs?: number;
  /** Part of every request and payment id; default random, so two runs never share ids. */
  runId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: GenerationProgress) => void;
}

/** What {@link generateOrders} made. */
export interface GenerationResult extends GenerationProgress {
  rpc: GeneratedRpc;
  target: string;
  runId: string;
  /** The data file's requests, one per order, in creation order. */
  requests: GeneratedRequest[];
  /** When the first kept order was created (ISO 8601): a RESERVED order is cancelled once the payment timeout has passed since. */
  firstCreatedAt: string;
  elapsedMs: number;
}

const RETRYABLE = new Set<grpc.status>([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED]);
const MAX_ATTEMPTS = 4;
/** 100 ms doubling, no jitter: one generator, nothing to spread. */
const RETRY_BACKOFF = { initialDelayMs: 100, maxDelayMs: Infinity, jitter: 0 };

/** Calls `fn` up to 4 times while it fails with a retryable code, backing off 100, 200, 400 ms. */
async function withRetries<T>(fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as grpc.ServiceError).code;
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(code)) throw err;
      await sleep(backoffDelayMs(attempt, RETRY_BACKOFF), signal);
    }
  }
}

/**
 * Creates orders through `target` and returns, for the ghz run of `rpc`, one request per order:
 * for GetOrder `{order_id}` of any order; for ConfirmPayment `{order_id, payment_id,
 * amount_cents, succeeded: true}` of a RESERVED order, its amount the order's exact total, so
 * each request pays a distinct order once. Skus and regions come from the target's stock
 * (InventoryService.GetStock); each order is one unit of one sku, skus and regions taken in
 * turn so the orders spread over every region and sku. Calls that fail with UNAVAILABLE,
 * DEADLINE_EXCEEDED or ABORTED are retried with the same request_id (no duplicate orders).
 * Thrown by: CatalogueUnavailableError when no stock can be read; OrderGenerationError when
 * `count` usable orders could not be made within 2 × count + 20 orders, or a call failed for
 * good; the signal's reason when it aborts.
 */
export async function generateOrders(options: GenerateOrdersOptions): Promise<GenerationResult> {
  const started = Date.now();
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const clients = connectOrdermesh(options.target);
  try {
    const catalogue = await loadCatalogue(clients, {
      target: options.target,
      timeoutMs: options.catalogueTimeoutMs ?? 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return await makeOrders(clients, catalogue, runId, started, options);
  } finally {
    clients.close();
  }
}

async function makeOrders(clients: OrdermeshClients, catalogue: Catalogue, runId: string, started: number, options: GenerateOrdersOptions): Promise<GenerationResult> {
  const { count, rpc, signal } = options;
  const maxOrders = count * 2 + 20;
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const progress: GenerationProgress = { wanted: count, kept: 0, created: 0, rejected: 0, failed: 0 };
  const kept: Array<{ index: number; createdAt: number; request: GeneratedRequest }> = [];
  let next = 0;
  let inFlight = 0;
  let failure: unknown;

  const createOne = async (index: number): Promise<void> => {
    const region = catalogue.regions[index % catalogue.regions.length] ?? 'HCM';
    const sku = catalogue.skus[index % catalogue.skus.length] ?? '';
    const request = { requestId: `loadgen-${runId}-${index}`, customerName: `Load Test ${index}`, region, items: [{ sku, quantity: 1 }] };
    const createdAt = Date.now();
    const order: Order__Output = entityOf(
      await withRetries(
        () => callUnary(clients.orders, clients.orders.CreateOrder, request, { deadline: Date.now() + callTimeoutMs, ...(signal ? { signal } : {}) }),
        signal,
      ),
      'order',
    );
    progress.created++;
    if (order.status === 'ORDER_STATUS_REJECTED') progress.rejected++;
    if (rpc === 'GetOrder') {
      kept.push({ index, createdAt, request: { order_id: order.orderId } });
    } else if (order.status === 'ORDER_STATUS_RESERVED') {
      kept.push({ index, createdAt, request: { order_id: order.orderId, payment_id: `loadpay-${runId}-${index}`, amount_cents: Number(order.totalCents), succeeded: true } });
    }
    progress.kept = Math.min(kept.length, count);
  };

  const worker = async (): Promise<void> => {
    while (failure === undefined && kept.length + inFlight < count && next < maxOrders) {
      signal?.throwIfAborted();
      const index = next++;
      inFlight++;
      try {
        await createOne(index);
      } catch (err) {
        progress.failed++;
        failure ??= err;
      } finally {
        inFlight--;
      }
      options.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, count)) }, worker));
  signal?.throwIfAborted();
  if (failure !== undefined) {
    const e = failure as grpc.ServiceError;
    throw new OrderGenerationError(count, kept.length, `CreateOrder failed: ${grpc.status[e.code] ?? 'ERROR'}: ${e.details ?? e.message}`, { cause: failure });
  }
  if (kept.length < count) {
    throw new OrderGenerationError(count, kept.length, `${progress.rejected} of ${progress.created} orders were REJECTED (not enough stock); restock (InventoryService.SetStock) or ask for fewer`);
  }
  kept.sort((a, b) => a.index - b.index);
  const used = kept.slice(0, count);
  return {
    ...progress,
    kept: used.length,
    rpc,
    target: options.target,
    runId,
    requests: used.map((k) => k.request),
    firstCreatedAt: new Date(Math.min(...used.map((k) => k.createdAt))).toISOString(),
    elapsedMs: Date.now() - started,
  };
}

/**
 * Writes requests as a ghz data file: a JSON array (its very first character `[`, as ghz
 * requires to take it as an array), one request per line, which ghz sends round-robin, one
 * element per request. Written to a temporary file and renamed, so a reader never sees half.
 */
export async function writeDataFile(path: string, requests: readonly GeneratedRequest[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const text = `[\n${requests.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
