import * as grpc from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { callUnary, GrpcServer, unary, type OrdermeshClients } from '#lib/grpc/index.js';
import { silentLogger } from '#lib/logging/index.js';
import { loadOrdermesh, reflectionDefinition } from '#lib/proto/index.js';

/** How a {@link FlakyGateway} misbehaves; each counter is used up by the calls it affects. */
export interface FlakyGatewayFaults {
  /** ReportShipment calls to answer UNAVAILABLE without forwarding them. */
  failReports: number;
  /** Statuses to answer ReportShipment calls with, one per call, without forwarding them (after `failReports`). */
  reportCodes: grpc.status[];
  /** GetStock calls to answer UNAVAILABLE without forwarding them. */
  failGetStock: number;
  /** SetStock ADD calls to forward, then answer UNAVAILABLE (the write landed, its answer is lost). */
  loseAddAnswers: number;
  /** SetStock ADD calls to answer UNAVAILABLE without forwarding them (the write never landed). */
  dropAdds: number;
}

/** One call the gateway received. */
export interface SeenCall {
  method: 'ReportShipment' | 'GetStock' | 'SetStock';
  /** order_id of a ReportShipment; mode of a SetStock. */
  subject: string;
  /** Trace id of the server span, joined to the caller's trace context. */
  traceId: string;
  answered: 'forwarded' | 'failed';
}

/** A stand-in gateway: forwards to a real warehouse node, failing calls as told. */
export interface FlakyGateway {
  address: string;
  faults: FlakyGatewayFaults;
  seen: SeenCall[];
  stop(): Promise<void>;
}

const withStatus = (code: grpc.status, what: string): grpc.ServiceError =>
  Object.assign(new Error(`${grpc.status[code]}: ${what}`), { code, details: `flaky gateway: ${what}`, metadata: new grpc.Metadata() });

const unavailable = (what: string): grpc.ServiceError =>
  Object.assign(new Error(`UNAVAILABLE: ${what}`), { code: grpc.status.UNAVAILABLE, details: `flaky gateway: ${what}`, metadata: new grpc.Metadata() });

/**
 * Starts a real gRPC server on a free 127.0.0.1 port serving OrderService.ReportShipment(s) and
 * InventoryService as a gateway would, by forwarding to `target` (a warehouse node's clients),
 * except for the faults it is told to inject. It records every call with its trace id.
 */
export async function startFlakyGateway(target: OrdermeshClients, faults: Partial<FlakyGatewayFaults> = {}): Promise<FlakyGateway> {
  const log = silentLogger();
  const server = new GrpcServer({ log, definition: reflectionDefinition(), maxMessageBytes: 4 * 1024 * 1024 });
  const env = { log, stats: server.stats };
  const state: FlakyGatewayFaults = { failReports: 0, reportCodes: [], failGetStock: 0, loseAddAnswers: 0, dropAdds: 0, ...faults };
  const seen: SeenCall[] = [];
  const traceId = (): string => trace.getActiveSpan()?.spanContext().traceId ?? '';
  const options = (call: { deadline: Date | number; signal: AbortSignal }) => ({ deadline: call.deadline, signal: call.signal });
  const v1 = loadOrdermesh().proto.ordermesh.v1;
  /** The fault a report meets (recorded with `traceId`), or undefined when it is forwarded. */
  const refuseReport = (orderId: string, reportTraceId: string): grpc.ServiceError | undefined => {
    const failed = state.failReports > 0;
    if (failed) state.failReports -= 1;
    const code = failed ? undefined : state.reportCodes.shift();
    seen.push({ method: 'ReportShipment', subject: orderId, traceId: reportTraceId, answered: failed || code !== undefined ? 'failed' : 'forwarded' });
    if (failed) return unavailable('report refused on purpose');
    if (code !== undefined) return withStatus(code, 'report refused on purpose');
    return undefined;
  };

  server.addService({
    name: 'ordermesh.v1.OrderService',
    definition: v1.OrderService.service,
    handlers: {
      ReportShipment: unary(env, '/ordermesh.v1.OrderService/ReportShipment', async (req: { orderId: string; shipmentId: string; status: string }, call) => {
        const refusal = refuseReport(req.orderId, traceId());
        if (refusal) throw refusal;
        return callUnary(target.orders, target.orders.ReportShipment, { orderId: req.orderId, shipmentId: req.shipmentId, status: 'ORDER_STATUS_SHIPPED' }, options(call));
      }),
      // Each report of a batch meets the faults as a ReportShipment would; the rest go on to the node in one batch.
      ReportShipments: unary(
        env,
        '/ordermesh.v1.OrderService/ReportShipments',
        async (req: { reports: Array<{ orderId: string; shipmentId: string; status: string; traceparent: string }> }, call) => {
          const refusals = req.reports.map((r) => refuseReport(r.orderId, r.traceparent.split('-')[1] ?? traceId()));
          const passed = req.reports.filter((_, i) => !refusals[i]);
          const forwarded = passed.length
            ? (await callUnary(target.orders, target.orders.ReportShipments, { reports: passed.map((r) => ({ ...r, status: 'ORDER_STATUS_SHIPPED' as const })) }, options(call))).results
            : [];
          let next = 0;
          return {
            results: req.reports.map((r, i) => {
              const refusal = refusals[i];
              return refusal ? { orderId: r.orderId, statusCode: refusal.code, statusMessage: refusal.details } : forwarded[next++]!;
            }),
          };
        },
      ),
    },
  });
  server.addService({
    name: 'ordermesh.v1.InventoryService',
    definition: v1.InventoryService.service,
    handlers: {
      GetStock: unary(env, '/ordermesh.v1.InventoryService/GetStock', async (req: Parameters<typeof target.inventory.GetStock>[0], call) => {
        const failed = state.failGetStock > 0;
        if (failed) state.failGetStock -= 1;
        seen.push({ method: 'GetStock', subject: String(req.warehouseId), traceId: traceId(), answered: failed ? 'failed' : 'forwarded' });
        if (failed) throw unavailable('no assignment yet');
        return callUnary(target.inventory, target.inventory.GetStock, req, options(call));
      }),
      SetStock: unary(env, '/ordermesh.v1.InventoryService/SetStock', async (req: Parameters<typeof target.inventory.SetStock>[0], call) => {
        const add = req.mode === 'STOCK_UPDATE_MODE_ADD';
        const drop = add && state.dropAdds > 0;
        const lose = add && !drop && state.loseAddAnswers > 0;
        if (drop) state.dropAdds -= 1;
        if (lose) state.loseAddAnswers -= 1;
        seen.push({ method: 'SetStock', subject: String(req.mode), traceId: traceId(), answered: drop ? 'failed' : 'forwarded' });
        if (drop) throw unavailable('connection reset before the write');
        const answer = await callUnary(target.inventory, target.inventory.SetStock, req, options(call));
        if (lose) throw unavailable('connection reset after the write');
        return answer;
      }),
    },
  });
  const port = await server.listen('127.0.0.1', 0);
  server.setServing(true);
  return { address: `127.0.0.1:${port}`, faults: state, seen, stop: () => server.shutdown(500) };
}
