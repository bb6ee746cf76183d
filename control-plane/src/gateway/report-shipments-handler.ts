import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { InvalidArgumentError } from '#lib/errors/index.js';
import { batchItems, callBytes, contextFromMetadata, injectContext, toStatus, type ByteAnswer, type ItemStatus } from '#lib/grpc/index.js';
import { LIMITS, parseOrderId, validateReportShipment, type Topology } from '#lib/orders/index.js';
import { loadOrdermesh } from '#lib/proto/index.js';
import { forwardPrincipal } from '#lib/security/index.js';
import { contextFromTraceparent, traceparentOf, tracer } from '#lib/telemetry/index.js';
import { noLiveNode, type GatewayDeps } from './gateway-deps.js';
import { planByOrderId } from './order-routes.js';
import { requestType } from './request-type.js';

const SERVICE = 'ordermesh.v1.OrderService';
const PATH = `/${SERVICE}/ReportShipments`;

/** A report as proto-loader decodes it. */
interface Report {
  orderId: string;
  shipmentId: string;
  status: string;
  traceparent: string;
}

type Result = ItemStatus & { orderId: string };

/**
 * What a node would answer about a report whose order id routes nowhere: the validator's
 * INVALID_ARGUMENT naming the first bad field, else the router's own.
 */
function unroutable(report: Report, topology: Topology, fallback: InvalidArgumentError): Result {
  let err: unknown = fallback;
  try {
    validateReportShipment(report, topology);
  } catch (validation) {
    err = validation;
  }
  const status = toStatus(err);
  return { orderId: report.orderId, statusCode: status.code, statusMessage: status.details };
}

/**
 * OrderService.ReportShipments at the gateway: the one call it does not forward as bytes,
 * because its reports may belong to several owners. It decodes the batch, groups the reports by
 * the owner of their order (the latest assignment), forwards each group as a ReportShipments of
 * its own to that owner (with the forwarder's retries on the next candidate), and merges the
 * per-report results back into the request's order. A group that no node could take answers
 * its reports with that status (UNAVAILABLE: retry them); a report whose order id routes
 * nowhere answers INVALID_ARGUMENT, as a node would. Each report keeps its own order's trace:
 * a span here, child of the report's traceparent, whose context the node receives.
 */
export function reportShipmentsHandler(deps: GatewayDeps): grpc.handleUnaryCall<Buffer, Buffer> {
  const { env, forwarder } = deps;
  const request = requestType(SERVICE, 'ReportShipments');
  const method = (loadOrdermesh().definition[SERVICE] as grpc.ServiceDefinition).ReportShipments!;
  const attributes = { 'rpc.system': 'grpc', 'rpc.method': PATH };

  return (call, callback) => {
    const done = env.stats.begin();
    const parent = contextFromMetadata(call.metadata);
    const span = tracer().startSpan(PATH, { kind: SpanKind.SERVER, attributes }, parent);
    const traced = trace.setSpan(parent, span);
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort(new Error('call cancelled by the client')));

    const forwardGroup = async (reports: readonly Report[], indexes: readonly number[], results: Result[]): Promise<void> => {
      const first = reports[indexes[0]!]!.orderId;
      const itemSpans = indexes.map((i) => {
        const report = reports[i]!;
        const ctx: Context = report.traceparent ? contextFromTraceparent(report.traceparent) : traced;
        const itemSpan = tracer().startSpan(PATH, { kind: SpanKind.INTERNAL, attributes: { 'ordermesh.order_id': report.orderId } }, ctx);
        return { ctx: trace.setSpan(ctx, itemSpan), span: itemSpan };
      });
      const sub = method.requestSerialize({ reports: indexes.map((i, k) => ({ ...reports[i]!, traceparent: traceparentOf(itemSpans[k]!.ctx) })) });
      try {
        const answer = await forwarder.forward<ByteAnswer>({
          method: 'ReportShipments',
          subject: `${indexes.length} shipment reports (the first of order ${first})`,
          candidates: (router) => router.candidates(first),
          noNode: (router) => noLiveNode(router, parseOrderId(first)!.region),
          context: { deadline: call.getDeadline(), signal: controller.signal },
          call: (channel, options) => {
            if (options.metadata) {
              injectContext(options.metadata, traced);
              // The node checks the original caller's roles (lib/security), not the gateway's.
              forwardPrincipal(call.metadata, options.metadata);
            }
            return callBytes(channel.raw, PATH, sub, options);
          },
        });
        const response = method.responseDeserialize(answer.response) as { results: Result[] };
        indexes.forEach((i, k) => {
          results[i] = response.results[k] ?? { orderId: reports[i]!.orderId, statusCode: grpc.status.INTERNAL, statusMessage: 'the node sent no result for this report' };
        });
      } catch (err) {
        const status = toStatus(err);
        for (const i of indexes) results[i] = { orderId: reports[i]!.orderId, statusCode: status.code, statusMessage: status.details };
      }
      indexes.forEach((i, k) => {
        const { span: itemSpan } = itemSpans[k]!;
        itemSpan.setAttribute('rpc.grpc.status_code', results[i]!.statusCode);
        if (results[i]!.statusCode !== grpc.status.OK) itemSpan.setStatus({ code: SpanStatusCode.UNSET, message: results[i]!.statusMessage });
        itemSpan.end();
      });
    };

    const run = async (): Promise<Buffer> => {
      const decoded = request.decode(call.request) as { reports?: Report[] };
      const reports = batchItems('reports', decoded.reports, LIMITS.itemsPerBatch);
      const topology = deps.topology();
      const router = forwarder.router;
      const results = new Array<Result>(reports.length);
      const groups = new Map<string, number[]>();
      reports.forEach((report, i) => {
        const plan = planByOrderId(report.orderId, topology);
        if (plan instanceof InvalidArgumentError) {
          results[i] = unroutable(report, topology, plan);
          return;
        }
        const owner = router?.owner(report.orderId)?.nodeId ?? '';
        const group = groups.get(owner);
        if (group) group.push(i);
        else groups.set(owner, [i]);
      });
      await Promise.all([...groups.values()].map((indexes) => forwardGroup(reports, indexes, results)));
      return method.responseSerialize({ results });
    };

    run().then(
      (response) => {
        span.setAttribute('rpc.grpc.status_code', grpc.status.OK);
        span.end();
        done(true);
        callback(null, response);
      },
      (err: unknown) => {
        const status = toStatus(err);
        span.setAttribute('rpc.grpc.status_code', status.code);
        if (status.internal) env.log.error({ err, method: PATH }, 'call failed');
        span.end();
        done(false);
        callback({ code: status.code, details: status.details, metadata: new grpc.Metadata() });
      },
    );
  };
}
