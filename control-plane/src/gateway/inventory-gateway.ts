import { callUnary, unary } from '../../../lib/grpc/index.js';
import { LIMITS, validateGetStock, validateSetStock } from '../../../lib/orders/index.js';
import type { InventoryServiceHandlers } from '../../../lib/proto/generated/ordermesh/v1/InventoryService.js';
import { noActiveNode, noLiveNode, type GatewayDeps } from './gateway-deps.js';

const SERVICE = '/ordermesh.v1.InventoryService';

/** The region of a validated warehouse id (`HCM-01` → `HCM`). */
function regionOfWarehouse(warehouseId: string): string | undefined {
  return LIMITS.warehouseIdPattern.exec(warehouseId)?.[1];
}

/**
 * InventoryService at the gateway: validated here, then sent to a member of the warehouse's
 * region (the part of its id before '-'), else to any ACTIVE node; GetStock of every warehouse
 * goes to any ACTIVE node. SetStock in ADD mode is not idempotent, so it is retried on another
 * node only when the request provably never reached the first one.
 */
export function inventoryGatewayHandlers(deps: GatewayDeps): InventoryServiceHandlers {
  const { env, forwarder, topology } = deps;
  return {
    SetStock: unary(env, `${SERVICE}/SetStock`, async (req, call) => {
      const cmd = validateSetStock(req, topology());
      return forwarder.forward({
        method: 'SetStock',
        subject: `warehouse ${cmd.warehouseId}`,
        candidates: (router) => deps.spreader.candidates(router, cmd.region),
        noNode: (router) => noLiveNode(router, cmd.region),
        call: (c, options) => callUnary(c.inventory, c.inventory.SetStock, req, options),
        context: call,
        retry: cmd.mode === 'ADD' ? 'unsent' : 'unavailable',
      });
    }),
    GetStock: unary(env, `${SERVICE}/GetStock`, async (req, call) => {
      const query = validateGetStock(req, topology());
      const region = query.warehouseId === '' ? undefined : regionOfWarehouse(query.warehouseId);
      return forwarder.forward({
        method: 'GetStock',
        subject: query.warehouseId ? `warehouse ${query.warehouseId}` : 'every warehouse',
        candidates: (router) => deps.spreader.candidates(router, region),
        noNode: (router) => (region ? noLiveNode(router, region) : noActiveNode(router)),
        call: (c, options) => callUnary(c.inventory, c.inventory.GetStock, req, options),
        context: call,
      });
    }),
  };
}
