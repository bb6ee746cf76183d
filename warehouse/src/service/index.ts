export { inventoryServiceHandlers } from './inventory-service.js';
export { nodeServiceHandlers } from './node-service.js';
export { orderServiceHandlers } from './order-service.js';
export { paymentServiceHandlers } from './payment-service.js';
export { toProtoOrder, toProtoStock } from './proto-mapping.js';
export { ORDER_ID_METADATA, type ServiceDeps } from './service-deps.js';
