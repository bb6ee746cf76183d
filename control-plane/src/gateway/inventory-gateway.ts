import type * as grpc from '@grpc/grpc-js';
import { LIMITS, validateGetStock, validateSetStock, type Topology } from '#lib/orders/index.js';
import { UnroutableRequestError } from './errors.js';
import { forwardingHandlers } from './forwarding-handler.js';
import { noActiveNode, noLiveNode, type GatewayDeps } from './gateway-deps.js';
import { requestType } from './request-type.js';
import { readStringField, readVarintField } from './wire-reader.js';

const SERVICE = 'ordermesh.v1.InventoryService';
/** SetStockRequest.warehouse_id and GetStockRequest.warehouse_id */
const WAREHOUSE_ID_FIELD = 1;
/** SetStockRequest.mode */
const MODE_FIELD = 3;
/** StockUpdateMode.STOCK_UPDATE_MODE_ADD */
const MODE_ADD = 2;

/** The region of `warehouseId` (`HCM-01` → `HCM`), or the error when it routes nowhere. */
function regionOfWarehouse(warehouseId: string, topology: Topology): string | UnroutableRequestError {
  const region = LIMITS.warehouseIdPattern.exec(warehouseId)?.[1];
  if (region === undefined || !topology.regions.includes(region)) {
    return new UnroutableRequestError('warehouse_id', `'${warehouseId.slice(0, 80)}' does not name a warehouse of a region this gateway routes to (${topology.regions.join(', ')})`);
  }
  return region;
}

/**
 * InventoryService at the gateway, forwarded as bytes and routed on `warehouse_id`: to a member
 * of the warehouse's region (the part of its id before '-'), else to any ACTIVE node; GetStock
 * of every warehouse goes to any ACTIVE node. The node validates the request. SetStock in ADD
 * mode is not idempotent, so it is retried on another node only when the request provably
 * never reached the first one (the gateway reads `mode` for that, too).
 */
export function inventoryGatewayHandlers(deps: GatewayDeps): grpc.UntypedServiceImplementation {
  const set = requestType(SERVICE, 'SetStock');
  const get = requestType(SERVICE, 'GetStock');
  return forwardingHandlers(deps, [
    {
      request: set,
      plan: (bytes, topology) => {
        const warehouseId = readStringField(bytes, set.shape, WAREHOUSE_ID_FIELD);
        const region = regionOfWarehouse(warehouseId, topology);
        if (typeof region !== 'string') return region;
        return {
          subject: `warehouse ${warehouseId}`,
          candidates: (router) => deps.spreader.candidates(router, region),
          noNode: (router) => noLiveNode(router, region),
          retry: readVarintField(bytes, set.shape, MODE_FIELD) === MODE_ADD ? 'unsent' : 'unavailable',
        };
      },
      validate: (request, topology) => void validateSetStock(request, topology),
    },
    {
      request: get,
      plan: (bytes, topology) => {
        const warehouseId = readStringField(bytes, get.shape, WAREHOUSE_ID_FIELD);
        const region = warehouseId === '' ? undefined : regionOfWarehouse(warehouseId, topology);
        if (region instanceof UnroutableRequestError) return region;
        return {
          subject: warehouseId ? `warehouse ${warehouseId}` : 'every warehouse',
          candidates: (router) => deps.spreader.candidates(router, region),
          noNode: (router) => (region ? noLiveNode(router, region) : noActiveNode(router)),
        };
      },
      validate: (request, topology) => void validateGetStock(request, topology),
    },
  ]);
}
