import { unary } from '#lib/grpc/index.js';
import { validateGetStock, validateSetStock } from '#lib/orders/index.js';
import type { InventoryServiceHandlers } from '#lib/proto/index.js';
import { inSpan } from '#lib/telemetry/index.js';
import { toProtoStock } from './proto-mapping.js';
import type { ServiceDeps } from './service-deps.js';

const SERVICE = '/ordermesh.v1.InventoryService';
const DB = { 'db.system': 'postgresql' };

/** InventoryService on a warehouse node. */
export function inventoryServiceHandlers(deps: ServiceDeps): InventoryServiceHandlers {
  return {
    SetStock: unary(deps.env, `${SERVICE}/SetStock`, async (req) => {
      const cmd = validateSetStock(req, deps.topology());
      const items = await inSpan('db.setStock', DB, () => deps.inventory.setStock(cmd));
      return { items: items.map(toProtoStock) };
    }),
    GetStock: unary(deps.env, `${SERVICE}/GetStock`, async (req) => {
      const q = validateGetStock(req, deps.topology());
      const page = await inSpan('db.getStock', DB, () => deps.inventory.getStock(q));
      return { items: page.items.map(toProtoStock), nextPageToken: page.nextPageToken };
    }),
  };
}
