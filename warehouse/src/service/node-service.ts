import { InvalidArgumentError } from '#lib/errors/index.js';
import { unary } from '#lib/grpc/index.js';
import { validateOrderId } from '#lib/orders/index.js';
import type { NodeServiceHandlers } from '#lib/proto/index.js';
import { inSpan } from '#lib/telemetry/index.js';
import { readOrderHistory } from '../orders/order-history-query.js';
import { orderTimeline } from '../orders/order-timeline.js';
import { readStats } from '../orders/stats-query.js';
import { toProtoOrder, toProtoOrderEvent, toProtoStats } from './proto-mapping.js';
import type { ServiceDeps } from './service-deps.js';

/** NodeService on a warehouse node. */
export function nodeServiceHandlers(deps: ServiceDeps): NodeServiceHandlers {
  return {
    GetStatus: unary(deps.env, '/ordermesh.v1.NodeService/GetStatus', async () => ({ status: await deps.status() })),
    GetNodeStats: unary(deps.env, '/ordermesh.v1.NodeService/GetNodeStats', async (req) => {
      const region = req.region ?? '';
      if (region && !deps.topology().regions.includes(region)) {
        throw new InvalidArgumentError('region', `must be one of ${deps.topology().regions.join(', ')} (or empty for all)`);
      }
      return { stats: toProtoStats(await inSpan('db.getStats', { 'db.system': 'postgresql' }, () => readStats(deps.db, region))) };
    }),
    GetOrderHistory: unary(deps.env, '/ordermesh.v1.NodeService/GetOrderHistory', async (req) => {
      const orderId = validateOrderId(req, deps.topology());
      const [order, rows] = await inSpan('db.getOrderHistory', { 'db.system': 'postgresql' }, () =>
        Promise.all([deps.orders.getOrder(orderId), readOrderHistory(deps.db, orderId)]),
      );
      return { order: toProtoOrder(order), events: orderTimeline(order, rows).map(toProtoOrderEvent) };
    }),
  };
}
