/** Bounds on request fields; a request outside them is INVALID_ARGUMENT naming the field. */
export const LIMITS = {
  customerNameChars: 200,
  requestIdChars: 128,
  itemsPerOrder: 50,
  quantityPerItem: 10_000,
  skuPattern: /^[A-Za-z0-9._-]{1,64}$/,
  reasonChars: 500,
  paymentIdChars: 128,
  shipmentIdChars: 128,
  /** 10^13 cents: far above any real order, far below 2^53. */
  maxAmountCents: 10_000_000_000_000,
  maxPageSize: 1000,
  defaultPageSize: 100,
  stockUpdatesPerCall: 1000,
  /** Items of one batch RPC (ReportShipments, ShipOrders). */
  itemsPerBatch: 1000,
  maxOnHand: 1_000_000_000,
  maxUnitPriceCents: 100_000_000_000,
  warehouseIdPattern: /^([A-Z]{2,8})-[A-Za-z0-9_-]{1,32}$/,
} as const;
