import type { SetStockRequest } from '../lib/proto/generated/ordermesh/v1/SetStockRequest.js';

/**
 * A small catalogue for a fresh `ordermesh dev`: two warehouses in HCM, one each in HN and DN,
 * 20 skus, 1000 units each, so grpcurl calls work on the first try. Prices vary by warehouse a
 * little, as they would between stores.
 */
export function demoCatalogue(): SetStockRequest[] {
  const warehouses = ['HCM-01', 'HCM-02', 'HN-01', 'DN-01'];
  return warehouses.map((warehouseId, w) => ({
    warehouseId,
    mode: 'STOCK_UPDATE_MODE_SET',
    items: Array.from({ length: 20 }, (_, i) => ({
      sku: `SKU-${String(i + 1).padStart(4, '0')}`,
      onHand: 1000,
      unitPriceCents: 1000 + i * 250 + w * 10,
    })),
  }));
}
